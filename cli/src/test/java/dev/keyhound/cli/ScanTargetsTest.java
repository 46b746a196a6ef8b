package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.Keys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets are never silently missed: links named by the user, streams, devices, missing paths. */
class ScanTargetsTest {
  @TempDir Path dir;

  private Path folderWithKey() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("real"));
    Files.writeString(folder.resolve("app.env"), "KEY=" + Keys.issuer() + "\n");
    return folder;
  }

  @Test
  void symlinkTarget_toFolderOrFileIsFollowed() throws Exception {
    Path folder = folderWithKey();
    Path toFolder = Files.createSymbolicLink(dir.resolve("link-to-folder"), folder);
    Path toFile = Files.createSymbolicLink(dir.resolve("link-to-file"), folder.resolve("app.env"));

    CliRun viaFolder = CliRun.of("scan", toFolder.toString());
    CliRun viaFile = CliRun.of("scan", toFile.toString());

    assertEquals(1, viaFolder.exit(), viaFolder.out() + viaFolder.err());
    assertTrue(viaFolder.out().contains("app.env:1"), viaFolder.out());
    assertEquals(1, viaFile.exit(), viaFile.out() + viaFile.err());
  }

  @Test
  void symlinkInsideTree_isStillNotFollowed() throws Exception {
    Path folder = folderWithKey();
    Path tree = Files.createDirectories(dir.resolve("tree"));
    Files.createSymbolicLink(tree.resolve("inner-link"), folder);

    CliRun r = CliRun.of("scan", tree.toString());

    assertEquals(0, r.exit(), r.out() + r.err());
  }

  @Test
  void dash_readsStandardInput() {
    InputStream saved = System.in;
    try {
      System.setIn(
          new ByteArrayInputStream(
              ("KEY=" + Keys.issuer() + "\n").getBytes(StandardCharsets.UTF_8)));
      CliRun r = CliRun.of("scan", "-");
      assertEquals(1, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("at -:1:"), r.out());
    } finally {
      System.setIn(saved);
    }
  }

  @Test
  void fifo_isReadAsAStream() throws Exception {
    Path fifo = dir.resolve("app.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    String key = Keys.issuer();
    // The writer blocks until the scan opens the FIFO, as `<(cat app.yaml)` does.
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                Files.writeString(fifo, "KEY=" + key + "\n");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    CliRun r = CliRun.of("scan", fifo.toString());

    writer.get();
    assertEquals(1, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains(fifo + ":1:"), r.out());
  }

  @Test
  void device_isRefusedWithExitTwo() {
    CliRun r = CliRun.of("scan", "/dev/null");

    assertEquals(2, r.exit());
    assertTrue(r.err().contains("character device") && r.err().contains("/dev/null"), r.err());
  }

  @Test
  void missingTarget_isAUsageErrorBeforeAnythingIsScanned() throws Exception {
    Path folder = folderWithKey();

    CliRun r = CliRun.of("scan", folder.toString(), dir.resolve("typo").toString());

    assertEquals(2, r.exit());
    assertTrue(r.err().contains("target does not exist: " + dir.resolve("typo")), r.err());
    assertEquals("", r.out());
  }

  @Test
  void reportInMissingFolder_isRefusedBeforeTheScan() throws Exception {
    Path folder = folderWithKey();
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");

    CliRun missing =
        CliRun.of(
            "scan", "--report", dir.resolve("no/such/out.json").toString(), folder.toString());
    CliRun underFile =
        CliRun.of("scan", "--report", notAFolder.resolve("out.json").toString(), folder.toString());

    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    assertEquals("", missing.out(), "nothing was scanned");
    assertEquals(2, underFile.exit());
    assertEquals("", underFile.out());
  }

  @Test
  void quiet_printsFindingsOnlyWithoutSummary() throws Exception {
    Path folder = folderWithKey();

    CliRun r = CliRun.of("scan", "--quiet", folder.toString());

    assertEquals(1, r.exit());
    assertTrue(r.out().contains("app.env:1"), r.out());
    assertFalse(r.out().contains("leaks found"), r.out());
  }
}
