package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pre-commit hook scans a small change on its own thread: that must find exactly what the pool
 * finds.
 */
class ScanOnCallingThreadTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  private static final long MAX = 64;

  @TempDir Path dir;

  private Scanner scanner() {
    return Scanner.create(
        RuleLoader.builtin(), new ScanOptions(2, MAX, DetectorOptions.DEFAULTS), FP);
  }

  private void write(String path, String text) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private void fixture() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    write("a/config.env", "X=1\nAPI_KEY=" + key + "\n");
    write("b/copy.env", "API_KEY=" + key + "\n");
    write("c/other.txt", "key: " + KeyFormat.ISSUER.mint("sk_test_") + "\n");
    write("d/clean.txt", "nothing here\n");
    write("e/big.txt", "x".repeat((int) MAX + 1));
  }

  @Test
  void scanOnCallingThread_findsWhatThePooledScanFinds() throws IOException {
    fixture();
    List<Source> sources = List.of(new FileSource(dir, MAX));

    ScanResult pooled = scanner().scan(List.of(dir.toString()), sources);
    ScanResult inline = scanner().scanOnCallingThread(List.of(dir.toString()), sources);

    assertEquals(2, pooled.findings().size());
    assertEquals(pooled.findings(), inline.findings());
    assertEquals(pooled.skipped(), inline.skipped());
    assertEquals(pooled.filesScanned(), inline.filesScanned());
    assertEquals(pooled.bytesScanned(), inline.bytesScanned());
  }

  @Test
  void readSource_replaysWhatItReadWithItsSize() throws IOException {
    fixture();
    ReadSource read = ReadSource.of(new FileSource(dir, MAX));

    ScanResult direct = scanner().scan(List.of(dir.toString()), List.of(new FileSource(dir, MAX)));
    ScanResult replayed = scanner().scanOnCallingThread(List.of(dir.toString()), List.of(read));

    assertEquals(direct.findings(), replayed.findings());
    assertEquals(direct.skipped(), replayed.skipped());
    assertTrue(read.bytes() > 0 && read.bytes() < 4 * MAX, "bytes read: " + read.bytes());
  }

  @Test
  void readSource_turnsAnUnreadableSourceIntoOneSkip() {
    ReadSource read = ReadSource.of(new FileSource(dir.resolve("missing"), MAX));

    ScanResult r = scanner().scanOnCallingThread(List.of("x"), List.of(read));

    assertEquals(0, read.bytes());
    assertEquals(1, r.skipped().size(), r.skipped().toString());
  }
}
