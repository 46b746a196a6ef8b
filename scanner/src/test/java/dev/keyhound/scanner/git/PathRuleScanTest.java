package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.FileSource;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in pack's path-only rule ({@code pkcs12-file}): a real PKCS #12 key store is reported
 * by its path, once per path, in a directory scan and across a history where the same file is seen
 * in many commits and rewritten.
 */
class PathRuleScanTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);

  /** A real, binary PKCS #12 key store holding one secret key. */
  private static byte[] keyStore(String alias, byte[] key) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] password = "store-pass-1".toCharArray();
    ks.setEntry(
        alias,
        new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "AES")),
        new KeyStore.PasswordProtection(password));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, password);
    return out.toByteArray();
  }

  private static List<Finding> pkcs12(ScanResult r) {
    return r.findings().stream().filter(f -> f.ruleId().equals("pkcs12-file")).toList();
  }

  @Test
  void dirScan_reportsEachKeyStoreOnceByItsPath(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("certs"));
    Files.write(dir.resolve("certs/client.p12"), keyStore("client", new byte[16]));
    Files.write(dir.resolve("certs/Server.PFX"), keyStore("server", new byte[32]));
    Files.writeString(dir.resolve("certs/README.md"), "client.p12 is the client's key store\n");

    ScanResult r =
        Scanner.create(
                RuleLoader.builtin(),
                new ScanOptions(2, ScanOptions.DEFAULT_MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
                FP)
            .scan(
                List.of(dir.toString()),
                List.of(new FileSource(dir, ScanOptions.DEFAULT_MAX_FILE_SIZE)));

    List<Finding> found = pkcs12(r);
    assertEquals(
        List.of("certs/Server.PFX", "certs/client.p12"),
        found.stream().map(f -> f.occurrences().get(0).provenance().path()).sorted().toList());
    for (Finding f : found) {
      assertEquals(1, f.occurrences().size(), f.occurrences().toString());
    }
  }

  @Test
  void historyScan_reportsAKeyStoreOncePerPathWhateverTheCommitsThatHoldIt(@TempDir Path dir)
      throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("README.md", "# demo\n").commit("initial");
      Files.createDirectories(dir.resolve("deploy"));
      Files.write(dir.resolve("deploy/signing.p12"), keyStore("signing", new byte[16]));
      repo.commit("add signing key store");
      repo.write("README.md", "# demo\nsigned builds\n").commit("docs"); // same blob, next commit
      repo.branch("rotate");
      Files.write(dir.resolve("deploy/signing.p12"), keyStore("signing", new byte[24]));
      repo.commit("rotate the signing key"); // a new blob at the same path
      repo.checkout("main");

      ScanResult r =
          HistoryFixture.scan(
              new GitHistorySource(
                  dir, "repo", GitScope.everything(), ScanOptions.DEFAULT_MAX_FILE_SIZE));

      List<Finding> found = pkcs12(r);
      assertEquals(1, found.size(), found.toString());
      Finding f = found.get(0);
      assertTrue(
          f.occurrences().stream()
              .allMatch(o -> o.provenance().path().equals("deploy/signing.p12")),
          f.occurrences().toString());
      // Two different key stores were committed at that path: each blob is one occurrence, however
      // many commits and the work tree hold it.
      assertEquals(
          2,
          f.occurrences().stream().map(dev.keyhound.scanner.Occurrence::blobId).distinct().count(),
          f.toString());
      // Its content is binary and skipped (counted as such); the path rule needs none of it.
      assertTrue(
          r.skipped().stream().allMatch(s -> s.reason() == Skipped.Reason.BINARY),
          r.skipped().toString());
    }
  }
}
