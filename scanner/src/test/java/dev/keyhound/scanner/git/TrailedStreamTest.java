package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's git output arrives with its exit status as a last line: read as the output alone,
 * trusted only with a status of 0; anything else falls back to JGit.
 */
class TrailedStreamTest {
  @TempDir Path dir;

  /** Gives one byte per read, as a pipe may. */
  private static InputStream trickle(byte[] b) {
    return new FilterInputStream(new ByteArrayInputStream(b)) {
      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        return super.read(buf, off, Math.min(len, 1));
      }
    };
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void trailedStream_givesTheOutputAloneAndItsStatus() throws IOException {
    String output = ":100644 100644 a b M\0x\0\0diff --git a/x b/x\n" + "z".repeat(70_000);
    TrailedStream t = new TrailedStream(trickle(bytes(output + "\nkeyhound-git-exit=0\n")));

    assertEquals(output, new String(t.readAllBytes(), StandardCharsets.ISO_8859_1));
    assertEquals(0, t.exitStatus());

    TrailedStream failed =
        new TrailedStream(new ByteArrayInputStream(bytes("\nkeyhound-git-exit=128\n")));
    assertEquals(0, failed.readAllBytes().length);
    assertEquals(128, failed.exitStatus());
  }

  @Test
  void trailedStream_withoutItsLine_hasNoStatus() throws IOException {
    TrailedStream t = new TrailedStream(new ByteArrayInputStream(bytes("some output\n")));

    assertEquals("some output\n", new String(t.readAllBytes(), StandardCharsets.ISO_8859_1));
    assertNull(t.exitStatus());
  }

  private void stageAChange(TestRepo repo) {
    repo.write("a.txt", "one\n").commit("start");
    repo.stage("a.txt", "one\ntwo\n").stage("b.txt", "new\n");
  }

  private List<String> describe(StagedSource s) throws IOException {
    List<String> out = new ArrayList<>();
    dev.keyhound.scanner.ReadSource.of(s)
        .emit(
            new dev.keyhound.scanner.Source.Sink() {
              @Override
              public void accept(dev.keyhound.scanner.SourceItem item) {
                out.add(
                    item.provenances().get(0).path()
                        + "="
                        + new String(item.blob().bytes(), StandardCharsets.UTF_8));
              }

              @Override
              public void skipped(dev.keyhound.scanner.Skipped s) {
                out.add("skipped " + s);
              }
            });
    return out;
  }

  @Test
  void launcherOutput_isReadAsGitsOwn_andAFailedGitFallsBackToJGit() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      stageAChange(repo);
      Process p = GitCli.start(dir, CliStagedReader.DIFF_OPTIONS, CliStagedReader.DIFF_ARGS);
      p.getOutputStream().close();
      byte[] diff = p.getInputStream().readAllBytes();
      assertEquals(0, p.waitFor());
      byte[] launched = new byte[diff.length + 21];
      System.arraycopy(diff, 0, launched, 0, diff.length);
      System.arraycopy(bytes("\nkeyhound-git-exit=0\n"), 0, launched, diff.length, 21);
      long max = ScanOptions.DEFAULT_MAX_FILE_SIZE;

      List<String> expected = describe(new StagedSource(dir, max));

      assertEquals(List.of("a.txt=one\ntwo\n", "b.txt=new\n"), expected);
      assertEquals(
          expected,
          describe(StagedSource.usingLauncherGit(dir, max, new ByteArrayInputStream(launched))));
      assertEquals(
          expected,
          describe(
              StagedSource.usingLauncherGit(
                  dir, max, new ByteArrayInputStream(bytes("\nkeyhound-git-exit=128\n")))));
      assertEquals(
          expected,
          describe(
              StagedSource.usingLauncherGit(dir, max, new ByteArrayInputStream(bytes("garbage")))));
    }
  }
}
