package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory scan reads its files on the scan threads, beside the walk, and hashes a file's blob
 * id only when a finding names it.
 */
class DirectoryReadingTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  private static final long MAX = 1024 * 1024;

  @TempDir Path dir;

  private static Scanner scanner(long max) {
    return Scanner.create(
        RuleLoader.builtin(), new ScanOptions(2, max, DetectorOptions.DEFAULTS), FP);
  }

  private static String gitBlobId(byte[] bytes) {
    return new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, bytes).name();
  }

  /** A source that runs {@code body} against the scan's sink. */
  private static Source source(IoConsumer<Source.Sink> body) {
    return new Source() {
      @Override
      public String describe() {
        return "test source";
      }

      @Override
      public void emit(Sink sink) throws IOException {
        body.accept(sink);
      }
    };
  }

  /** A scan of what {@code body} hands the sink, with files up to {@code max} bytes. */
  private static ScanResult scan(long max, IoConsumer<Source.Sink> body) {
    return scanner(max).scan(List.of("x"), List.of(source(body)));
  }

  @FunctionalInterface
  private interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }

  /** Paths are reported below the target however it is spelled. */
  @Test
  void walk_reportsPathsBelowTheTarget_forAnySpellingOfIt() throws IOException {
    Path tree = Files.createDirectories(dir.resolve("tree/sub/deeper"));
    Files.writeString(dir.resolve("tree/x.txt"), "x\n");
    Files.writeString(dir.resolve("tree/sub/deeper/y.txt"), "y\n");
    Files.createDirectories(dir.resolve("a"));
    for (Path target :
        List.of(
            tree.getParent().getParent(),
            dir.resolve("a/../tree"),
            dir.resolve("./tree"),
            dir.resolve("tree/sub/.."))) {
      List<String> paths = new ArrayList<>();
      new FileSource(target, MAX)
          .emit(
              new Source.Sink() {
                @Override
                public void accept(SourceItem item) {}

                @Override
                public void skipped(Skipped skipped) {}

                @Override
                public void acceptFile(Path file, long size, String path, long maxFileSize) {
                  paths.add(path);
                  assertEquals(target.relativize(file).toString(), path, target.toString());
                }
              });
      assertEquals(new TreeSet<>(List.of("x.txt", "sub/deeper/y.txt")), new TreeSet<>(paths));
    }
  }

  @Test
  void blobOf_hashesOnlyWhenAskedAndAgreesWithGit() {
    byte[] bytes = "hello\n".getBytes(StandardCharsets.UTF_8);
    Blob blob = Blob.of(bytes);
    assertFalse(blob.idKnown());
    assertEquals(gitBlobId(bytes), blob.id());
    assertEquals("ce013625030ba8dba906f756967f9e9ca394464a", blob.id()); // git hash-object
    assertTrue(blob.idKnown());
    assertTrue(new Blob("abc", bytes).idKnown());
  }

  @Test
  void scan_hashesOnlyTheBlobsThatHaveAFinding() {
    byte[] secret =
        ("API_KEY=" + KeyFormat.ISSUER.mint("sk_live_") + "\n").getBytes(StandardCharsets.UTF_8);
    Blob clean = Blob.of("nothing to see\n".getBytes(StandardCharsets.UTF_8));
    Blob dirty = Blob.of(secret);
    ScanResult r =
        scan(
            MAX,
            sink -> {
              sink.accept(new SourceItem(clean, List.of(new Provenance.File("a"))));
              sink.accept(new SourceItem(dirty, List.of(new Provenance.File("b"))));
            });
    assertEquals(1, r.findings().size());
    assertEquals(gitBlobId(secret), r.findings().get(0).occurrences().get(0).blobId());
    assertFalse(clean.idKnown(), "a blob without findings was hashed");
  }

  @Test
  void fileSource_handsEachFileOverWithItsWalkedSize_andReadsNoneItself() throws IOException {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/b/one.txt"), "12345");
    Files.writeString(dir.resolve("two.txt"), "");
    Map<String, Long> handed = new TreeMap<>();
    List<SourceItem> read = new ArrayList<>();
    new FileSource(dir, MAX)
        .emit(
            new Source.Sink() {
              @Override
              public void accept(SourceItem item) {
                read.add(item);
              }

              @Override
              public void skipped(Skipped skipped) {
                throw new AssertionError(skipped.describe());
              }

              @Override
              public void acceptFile(Path file, long size, String path, long maxFileSize) {
                assertEquals(dir.resolve(path), file);
                assertEquals(MAX, maxFileSize);
                handed.put(path, size);
              }
            });
    assertEquals(Map.of("a/b/one.txt", 5L, "two.txt", 0L), handed);
    assertEquals(List.of(), read);
  }

  /** Files go to the scan threads in batches: every one is read once, the last part-batch too. */
  @Test
  void scan_manySmallFiles_readsEachOnce() throws IOException {
    int files = 32 * 6 + 11;
    List<String> keyed = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      String name = "f" + i + ".env";
      String body = "n=" + i + "\n";
      if (i % 7 == 0 || i == files - 1) {
        body += "K=" + KeyFormat.ISSUER.mint("sk_live_") + "\n";
        keyed.add(name);
      }
      Files.writeString(dir.resolve(name), body);
    }
    ScanResult r = scanner(MAX).scan(List.of("x"), List.of(new FileSource(dir, MAX)));
    assertEquals(files, r.filesScanned());
    assertEquals(List.of(), r.skipped());
    assertEquals(
        new TreeSet<>(keyed),
        r.findings().stream()
            .map(f -> f.occurrences().get(0).provenance().path())
            .collect(Collectors.toCollection(TreeSet::new)));
    assertEquals(keyed.size(), r.findings().size());
  }

  @Test
  void scan_readsFilesOnItsOwnThreads_notOnTheWalkingOne() throws Exception {
    // A named pipe yields its bytes only once this source writes them, after handing the file over:
    // a scan that read on the source's thread would wait for ever.
    Path fifo = dir.resolve("pipe.env");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
    String key = KeyFormat.ISSUER.mint("sk_live_");
    ScanResult r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                scan(
                    MAX,
                    sink -> {
                      sink.acceptFile(fifo, 0, "pipe.env", MAX);
                      try (OutputStream out = Files.newOutputStream(fifo)) {
                        out.write(("K=" + key + "\n").getBytes(StandardCharsets.UTF_8));
                      }
                    }));
    assertEquals(1, r.findings().size());
    assertEquals("pipe.env", r.findings().get(0).occurrences().get(0).provenance().path());
  }

  @Test
  void scan_fileGoneSinceTheWalk_isReportedUnreadableByItsPath_andTheScanGoesOn()
      throws IOException {
    Files.writeString(dir.resolve("kept.env"), "K=" + KeyFormat.ISSUER.mint("sk_live_") + "\n");
    ScanResult r =
        scan(
            MAX,
            sink -> {
              sink.acceptFile(dir.resolve("gone.env"), 10, "gone.env", MAX);
              sink.acceptFile(
                  dir.resolve("kept.env"), Files.size(dir.resolve("kept.env")), "kept.env", MAX);
            });
    assertEquals(1, r.skipped().size());
    assertEquals("gone.env", r.skipped().get(0).location());
    assertEquals(Skipped.Reason.UNREADABLE, r.skipped().get(0).reason());
    assertEquals(1, r.findings().size());
    assertEquals(1, r.filesScanned());
  }

  @Test
  void scan_fileGrownPastTheLimitSinceTheWalk_isScannedInWindows() throws IOException {
    long max = 1024;
    Path big = dir.resolve("big.txt");
    Files.writeString(
        big, "x".repeat(2 * 1024 * 1024) + "\nk=" + KeyFormat.ISSUER.mint("sk_live_") + "\n");
    ScanResult r = scan(max, sink -> sink.acceptFile(big, 10, "big.txt", max));
    assertEquals(List.of(), r.skipped());
    assertEquals(1, r.findings().size());
    assertEquals(1, r.filesScanned());
  }

  @Test
  void scan_fileWhoseReadFailsUnexpectedly_isReportedUnreadable_andTheScanGoesOn()
      throws IOException {
    // A path of a closed zip file system: reading it throws ClosedFileSystemException, a runtime
    // exception, on the worker thread.
    Path zip = dir.resolve("z.zip");
    Path inZip;
    try (java.nio.file.FileSystem fs =
        java.nio.file.FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
      inZip = fs.getPath("/inside.env");
      Files.writeString(inZip, "x");
    }
    Files.writeString(dir.resolve("kept.env"), "K=" + KeyFormat.ISSUER.mint("sk_live_") + "\n");
    ScanResult r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                scan(
                    MAX,
                    sink -> {
                      sink.acceptFile(inZip, 1, "z.zip/inside.env", MAX);
                      sink.acceptFile(dir.resolve("kept.env"), 40, "kept.env", MAX);
                    }));
    assertEquals(1, r.skipped().size());
    assertEquals("z.zip/inside.env", r.skipped().get(0).location());
    assertEquals(Skipped.Reason.UNREADABLE, r.skipped().get(0).reason());
    assertEquals(1, r.findings().size());
  }
}
