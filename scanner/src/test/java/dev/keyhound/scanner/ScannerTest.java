package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  @TempDir Path dir;

  private ScanResult scan(RuleSet rules, Path target) {
    return Scanner.create(rules, new ScanOptions(2, 1024 * 1024, DetectorOptions.DEFAULTS), FP)
        .scan(List.of(target.toString()), List.of(new FileSource(target, 1024 * 1024)));
  }

  private ScanResult scan(Path target) {
    return scan(RuleLoader.builtin(), target);
  }

  private void write(String path, String text) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  @Test
  void scan_reportsOneFindingWithEveryOccurrenceOfTheSameKey() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    write("a/config.env", "X=1\nAPI_KEY=" + key + "\n");
    write("b/copy.env", "API_KEY=" + key + "\n");
    write("c/other.txt", "key: " + key + " and again " + key + "\n");

    ScanResult r = scan(dir);

    assertEquals(1, r.findings().size());
    Finding f = r.findings().get(0);
    assertEquals(RuleSet.ISSUER_RULE_ID, f.ruleId());
    assertEquals(Boolean.TRUE, f.checksumValid());
    assertEquals(
        List.of("a/config.env:2:9", "b/copy.env:1:9", "c/other.txt:1:6", "c/other.txt:1:63"),
        f.occurrences().stream()
            .map(o -> o.provenance().path() + ":" + o.line() + ":" + o.column())
            .toList());
    assertEquals(3, r.filesScanned());
  }

  @Test
  void scan_dropsBadChecksumUnlessAskedAndThenMarksItLowConfidence() throws IOException {
    write("k.txt", "sk_test_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e5\n");
    assertTrue(scan(dir).findings().isEmpty());

    ScanResult withFlag =
        Scanner.create(
                RuleLoader.builtin(), new ScanOptions(1, 1024, new DetectorOptions(true)), FP)
            .scan(List.of("x"), List.of(new FileSource(dir, 1024)));
    assertEquals(1, withFlag.findings().size());
    assertEquals(Boolean.FALSE, withFlag.findings().get(0).checksumValid());
  }

  @Test
  void scan_honoursInlineAllowMarkersOfKeyhoundGitleaksAndDetectSecrets() throws IOException {
    write(
        "a.txt",
        "k = "
            + KeyFormat.ISSUER.mint("sk_live_")
            + " # keyhound:allow\n"
            + "k = "
            + KeyFormat.ISSUER.mint("sk_live_")
            + " // gitleaks:allow\n"
            + "k = "
            + KeyFormat.ISSUER.mint("sk_live_")
            + " # pragma: allowlist secret\n");
    assertTrue(scan(dir).findings().isEmpty());
  }

  @Test
  void scan_readsTextFilesOverTheSizeLimitInWindowsRatherThanSkippingThem() throws IOException {
    write("big.txt", "x".repeat(2 * 1024 * 1024) + "\nk=" + KeyFormat.ISSUER.mint("sk_live_"));
    write("small.txt", KeyFormat.ISSUER.mint("sk_live_"));
    ScanResult r = scan(dir);
    assertEquals(2, r.findings().size());
    assertEquals(List.of(), r.skipped());
    assertEquals(2, r.filesScanned());
    assertFalse(r.hasErrors());
  }

  @Test
  void scan_skipsBinaryFiles() throws IOException {
    byte[] bin = ("\0\0\0" + KeyFormat.ISSUER.mint("sk_live_")).getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("blob.bin"), bin);
    ScanResult r = scan(dir);
    assertTrue(r.findings().isEmpty());
    assertEquals(Skipped.Reason.BINARY, r.skipped().get(0).reason());
  }

  @Test
  void scan_decodesUtf16WithBom() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    byte[] body = ("token=" + key + "\n").getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[body.length + 2];
    withBom[0] = (byte) 0xff;
    withBom[1] = (byte) 0xfe;
    System.arraycopy(body, 0, withBom, 2, body.length);
    Files.write(dir.resolve("utf16.txt"), withBom);
    assertEquals(1, scan(dir).findings().size());
  }

  @Test
  void scan_neverFollowsSymlinksOutOfTheTree() throws IOException {
    Path outside = Files.createTempDirectory("keyhound-outside");
    Files.writeString(outside.resolve("secret.env"), "K=" + KeyFormat.ISSUER.mint("sk_live_"));
    Path inside = dir.resolve("tree");
    Files.createDirectories(inside);
    Files.createSymbolicLink(inside.resolve("link"), outside);
    Files.createSymbolicLink(inside.resolve("file-link.env"), outside.resolve("secret.env"));
    assertTrue(scan(inside).findings().isEmpty());
  }

  @Test
  void scan_honoursGitignoreInAWorkTree() throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      write(".gitignore", "ignored/\n*.log\n");
      write("ignored/a.env", "K=" + KeyFormat.ISSUER.mint("sk_live_"));
      write("debug.log", "K=" + KeyFormat.ISSUER.mint("sk_live_"));
      write("kept.env", "K=" + KeyFormat.ISSUER.mint("sk_live_"));
    }
    ScanResult r = scan(dir);
    assertEquals(
        List.of("kept.env"),
        r.findings().stream().map(f -> f.occurrences().get(0).provenance().path()).toList());
  }

  @Test
  void scan_reportsAMissingTargetAsUnreadable() {
    ScanResult r = scan(dir.resolve("nope"));
    assertTrue(r.hasErrors());
    assertTrue(r.skipped().get(0).describe().contains("nope"), r.skipped().get(0).describe());
  }

  @Test
  void scan_appliesPathOnlyRulesPerPath() throws IOException {
    Rule p12 =
        new Rule(
            "pkcs12-file",
            "PKCS#12 file",
            null,
            0,
            0,
            List.of(),
            dev.keyhound.rules.LazyPattern.compile("(?i)\\.p(?:12|fx)$"),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null);
    RuleSet rules = new RuleSet("test", List.of(p12), List.of(), KeyFormat.ISSUER);
    write("certs/client.p12", "not really a cert");
    write("certs/readme.txt", "nothing");
    ScanResult r = scan(rules, dir);
    assertEquals(1, r.findings().size());
    assertEquals("certs/client.p12", r.findings().get(0).occurrences().get(0).provenance().path());
    assertNull(r.findings().get(0).checksumValid());
  }

  @Test
  void findingId_isStableAcrossLineMovesAndDiffersByRuleAndSecret() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    write("a.env", "K=" + key);
    String before = scan(dir).findings().get(0).id();
    write("a.env", "\n\n\n   K=" + key);
    assertEquals(before, scan(dir).findings().get(0).id());
    assertFalse(before.equals(FP.findingId("other-rule", key)));
    assertFalse(
        before.equals(FP.findingId(RuleSet.ISSUER_RULE_ID, KeyFormat.ISSUER.mint("sk_live_"))));
  }
}
