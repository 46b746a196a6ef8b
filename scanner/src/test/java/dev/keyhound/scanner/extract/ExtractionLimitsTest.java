package dev.keyhound.scanner.extract;

import static dev.keyhound.scanner.extract.ExtractionScans.assertSkipped;
import static dev.keyhound.scanner.extract.ExtractionScans.newKey;
import static dev.keyhound.scanner.extract.ExtractionScans.scan;
import static dev.keyhound.scanner.extract.ExtractionScans.single;
import static dev.keyhound.scanner.extract.ExtractionScans.skippedFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractionLimitsTest {
  private static final long MIB = 1024 * 1024;

  @TempDir Path dir;

  private static ExtractionLimits limits(
      int depth, long bytes, int ratio, int entries, Duration timeout) {
    return new ExtractionLimits(depth, bytes, ratio, entries, 2, timeout, 64 * MIB);
  }

  private static ExtractionLimits defaults() {
    return ExtractionLimits.defaults(64 * MIB);
  }

  /**
   * A zip of {@code count} entries, each {@code zeros} zero bytes, compressed as they are written.
   */
  static byte[] zerosZip(int count, long zeros) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[1024 * 1024];
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.setLevel(9);
      for (int i = 0; i < count; i++) {
        z.putNextEntry(new ZipEntry(i + ".bin"));
        for (long left = zeros; left > 0; left -= chunk.length) {
          z.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
      }
    }
    return out.toByteArray();
  }

  /**
   * A zip holding {@code fanOut} copies of the given archive: one more level of a 42.zip-style
   * bomb.
   */
  static byte[] nest(byte[] inner, int fanOut) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < fanOut; i++) {
        z.putNextEntry(new ZipEntry("lib" + i + ".zip"));
        z.write(inner);
      }
    }
    return out.toByteArray();
  }

  /** A key outside every archive, in app.env: the scan must go on to find it past each limit. */
  private void writeControlKey(String key) throws IOException {
    Files.writeString(dir.resolve("app.env"), "API_KEY=" + key + "\n");
  }

  @Test
  void scan_stopsHighlyCompressedMemberAtTheExpansionRatio_andScansTheRest() throws IOException {
    String key = newKey();
    writeControlKey(key);
    Files.write(dir.resolve("bomb.zip"), zerosZip(1, 48 * MIB));

    ScanResult result = scan(dir);

    assertEquals("app.env", single(result, key).provenance().path());
    assertSkipped(result, "bomb.zip", Skipped.Reason.LIMIT, "--max-expansion-ratio 100x");
    assertFalse(result.hasErrors(), "a limit is a note, not an unreadable input");
  }

  @Test
  void scan_stopsAtMaxExtractedBytes_whenTheRatioWouldAllowMore() throws IOException {
    Files.write(dir.resolve("big.zip"), zerosZip(4, 8 * MIB));

    ScanResult result = scan(dir, limits(3, 10 * MIB, 1_000_000, 100, Duration.ofSeconds(30)));

    assertSkipped(result, "big.zip", Skipped.Reason.LIMIT, "--max-extracted-bytes " + 10 * MIB);
  }

  @Test
  void scan_doesNotOpenArchivesNestedDeeperThanTheLimit_in42ZipStyleBomb() throws IOException {
    String key = newKey();
    writeControlKey(key);
    byte[] bomb = zerosZip(10, MIB);
    for (int level = 0; level < 3; level++) {
      bomb = nest(bomb, 10);
    }
    Files.write(dir.resolve("42.zip"), bomb);

    // Only the depth limit stands in the way here: the ratio alone would stop this file within its
    // first MiB.
    ScanResult result = scan(dir, limits(3, 256 * MIB, 1_000_000, 10_000, Duration.ofSeconds(30)));

    assertEquals("app.env", single(result, key).provenance().path());
    assertSkipped(
        result, "42.zip!lib0.zip!lib0.zip!lib0.zip", Skipped.Reason.LIMIT, "--max-archive-depth 3");
    assertTrue(
        skippedFor(result, "42.zip", Skipped.Reason.LIMIT, "more skipped members not listed"),
        () ->
            "a thousand unopened members are counted, not listed one by one: " + result.skipped());
    assertTrue(
        result.skipped().size() <= Extraction.MAX_LISTED_SKIPS + 2,
        () -> "" + result.skipped().size());
  }

  @Test
  void scan_stops42ZipStyleBombByBudget_whenNestingIsAllowed() throws IOException {
    byte[] bomb = zerosZip(10, MIB);
    for (int level = 0; level < 3; level++) {
      bomb = nest(bomb, 10);
    }
    Files.write(dir.resolve("42.zip"), bomb);

    ScanResult result = scan(dir, limits(10, 256 * MIB, 100, 10_000, Duration.ofSeconds(30)));

    assertSkipped(result, "42.zip", Skipped.Reason.LIMIT, "--max-expansion-ratio");
  }

  @Test
  void scan_reportsKeyBeyondMaxArchiveDepth_asSkippedNotFound() throws IOException {
    String key = newKey();
    byte[] archive = ArchiveExtractionTest.zip("deep.env", ArchiveExtractionTest.envFile(key));
    for (int i = 0; i < 3; i++) {
      archive = ArchiveExtractionTest.zip("level" + i + ".zip", archive);
    }
    Files.write(dir.resolve("deep.zip"), archive);

    ScanResult shallow = scan(dir);
    ScanResult deep = scan(dir, limits(4, 256 * MIB, 100, 10_000, Duration.ofSeconds(30)));

    assertTrue(shallow.findings().isEmpty());
    assertSkipped(
        shallow,
        "deep.zip!level2.zip!level1.zip!level0.zip",
        Skipped.Reason.LIMIT,
        "--max-archive-depth 3");
    assertEquals(
        "deep.zip!level2.zip!level1.zip!level0.zip!deep.env",
        single(deep, key).provenance().path());
  }

  @Test
  void scan_readsOnlyMaxArchiveEntries() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < 50; i++) {
        z.putNextEntry(new ZipEntry("f" + i + ".txt"));
        z.write(("file " + i + "\n").getBytes());
      }
    }
    Files.write(dir.resolve("many.zip"), out.toByteArray());

    ScanResult result = scan(dir, limits(3, 256 * MIB, 100, 10, Duration.ofSeconds(30)));

    assertSkipped(result, "many.zip", Skipped.Reason.LIMIT, "--max-archive-entries 10");
  }

  @Test
  void scan_reportsTruncatedZipAsCorrupt_andStillScansItsLeadingMembers() throws IOException {
    String key = newKey();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("first.env"));
      z.write(ArchiveExtractionTest.envFile(key));
      z.putNextEntry(new ZipEntry("second.bin"));
      byte[] noise = new byte[64 * 1024];
      new java.util.Random(7).nextBytes(noise);
      z.write(noise);
    }
    byte[] whole = out.toByteArray();
    Files.write(dir.resolve("cut.zip"), Arrays.copyOf(whole, whole.length / 2));

    ScanResult result = scan(dir);

    assertEquals("cut.zip!first.env", single(result, key).provenance().path());
    assertSkipped(result, "cut.zip", Skipped.Reason.CORRUPT, "not a complete zip");
  }

  @Test
  void scan_reportsTruncatedTarGzAsCorrupt_andScansTheOtherFiles() throws IOException {
    String key = newKey();
    writeControlKey(key);
    byte[] noise = new byte[256 * 1024];
    new java.util.Random(11).nextBytes(noise);
    byte[] whole =
        ArchiveExtractionTest.compress(
            GzipCompressorOutputStream::new, ArchiveExtractionTest.tar("data/blob.bin", noise));
    Files.write(dir.resolve("cut.tar.gz"), Arrays.copyOf(whole, whole.length / 2));

    ScanResult result = scan(dir);

    assertEquals("app.env", single(result, key).provenance().path());
    assertSkipped(result, "cut.tar.gz", Skipped.Reason.CORRUPT, "");
  }

  @Test
  void scan_abandonsDocumentParseThatOutrunsTheTimeout() throws IOException {
    String key = newKey();
    writeControlKey(key);
    // Long enough to parse that it cannot be done before the scan asks for it with its 1 ns limit:
    // a one-page PDF sometimes was, on a loaded machine whose scan thread lost the core meanwhile.
    List<String> lines = java.util.Collections.nCopies(40, "text to extract from every page");
    Files.write(
        dir.resolve("slow.pdf"),
        DocumentExtractionTest.pdf(java.util.Collections.nCopies(300, lines)));

    ScanResult result = scan(dir, limits(3, 256 * MIB, 100, 10_000, Duration.ofNanos(1)));

    assertEquals("app.env", single(result, key).provenance().path());
    assertSkipped(result, "slow.pdf", Skipped.Reason.LIMIT, "--document-timeout");
  }
}
