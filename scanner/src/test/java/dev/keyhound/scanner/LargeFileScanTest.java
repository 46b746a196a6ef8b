package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text file over {@code --max-file-size} is scanned in overlapping windows instead of skipped:
 * keys anywhere in it are found once, on their own line, and binary files are still passed over.
 */
class LargeFileScanTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  private static final long LIMIT = 1024; // windows of Scanner.MIN_WINDOW (64 KiB), overlap 16 KiB

  @TempDir Path dir;

  private ScanResult scan(Path target) {
    return Scanner.create(
            RuleLoader.builtin(), new ScanOptions(2, LIMIT, DetectorOptions.DEFAULTS), FP)
        .scan(List.of(target.toString()), List.of(new FileSource(target, LIMIT)));
  }

  private static List<String> places(ScanResult r) {
    return r.findings().stream()
        .flatMap(
            f -> f.occurrences().stream().map(o -> f.ruleId() + "@" + o.line() + ":" + o.column()))
        .toList();
  }

  @Test
  void scan_findsKeysThroughoutATextFileOverTheLimit_onTheirLines() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    Path file = dir.resolve("big.log");
    int[] keyLines = {3, 4_000, 20_000};
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int line = 1; line <= 20_000; line++) {
        boolean planted = line == keyLines[0] || line == keyLines[1] || line == keyLines[2];
        w.write(planted ? "API_KEY=" + key + "\n" : EdgeText.filler(line));
      }
    }
    assertTrue(Files.size(file) > 1_900_000);

    ScanResult r = scan(file);

    assertEquals(
        List.of(
            "keyhound-issuer-key@3:9", "keyhound-issuer-key@4000:9", "keyhound-issuer-key@20000:9"),
        places(r));
    assertEquals(1, r.filesScanned());
    assertEquals(Files.size(file), r.bytesScanned());
    assertEquals(List.of(), r.skipped());
  }

  @Test
  void scan_findsAKeyStraddlingAWindowEdgeOnce() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    // One line straddles the edge, so the second window starts at that line.
    EdgeText edge = EdgeText.around(key);
    Path file = dir.resolve("edge.txt");
    Files.writeString(file, edge.text(), StandardCharsets.UTF_8);

    assertEquals(
        List.of("keyhound-issuer-key@" + edge.keyLine() + ":" + edge.keyColumn()),
        places(scan(file)));
  }

  @Test
  void scan_findsAKeyStraddlingAWindowEdgeOnceInOneVeryLongLine() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    int edge = Scanner.MIN_WINDOW - Scanner.MIN_WINDOW / 4;
    String text = "a ".repeat((edge - 10) / 2) + key + " b".repeat(100_000);
    Path file = dir.resolve("minified.js");
    Files.writeString(file, text, StandardCharsets.UTF_8);

    ScanResult r = scan(file);

    assertEquals(1, r.findings().size());
    assertEquals(1, r.findings().get(0).occurrences().size());
    assertEquals(1, r.findings().get(0).occurrences().get(0).line());
  }

  @Test
  void scan_stillSkipsABinaryFileOverTheLimit_andCountsIt() throws IOException {
    byte[] bytes = new byte[200_000];
    byte[] key = ("k=" + KeyFormat.ISSUER.mint("sk_live_") + "\n").getBytes(StandardCharsets.UTF_8);
    System.arraycopy(key, 0, bytes, 100_000, key.length);
    Path file = dir.resolve("blob.bin");
    Files.write(file, bytes);

    ScanResult r = scan(file);

    assertEquals(List.of(), r.findings());
    assertEquals(1, r.skipped().size());
    assertEquals(Skipped.Reason.BINARY, r.skipped().get(0).reason());
    assertEquals(0, r.filesScanned());
  }

  @Test
  void windows_neverCutAUtf8CharacterInTwo() {
    byte[] b = "ab\u00e9\u20ac\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // 2 + 2 + 3 + 4 bytes
    assertEquals(2, WindowedScan.charBoundary(b, 3));
    assertEquals(4, WindowedScan.charBoundary(b, 4));
    assertEquals(4, WindowedScan.charBoundary(b, 6));
    assertEquals(7, WindowedScan.charBoundary(b, 7));
    assertEquals(7, WindowedScan.charBoundary(b, 10));
    assertEquals(11, WindowedScan.charBoundary(b, 11));
  }
}
