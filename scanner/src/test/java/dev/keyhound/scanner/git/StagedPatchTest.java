package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged change read from one {@code git diff} (the hook's way) must be what JGit reads from
 * the index, byte for byte, whatever the files and the user's diff settings; only binary files need
 * {@code git cat-file}.
 */
class StagedPatchTest {
  private static final long MAX = ScanOptions.DEFAULT_MAX_FILE_SIZE;

  @TempDir Path dir;
  private GitShell sh;

  @BeforeEach
  void repository() throws Exception {
    sh = new GitShell(dir);
    sh.git("init", "-q");
    // Settings that change what git diff prints; the reader must not depend on any of them.
    for (String[] kv :
        new String[][] {
          {"diff.suppressBlankEmpty", "true"},
          {"diff.noprefix", "true"},
          {"diff.mnemonicPrefix", "true"},
          {"diff.submodule", "log"},
          {"diff.algorithm", "patience"},
          {"diff.context", "1"},
          {"diff.renames", "copies"},
          {"diff.relative", "true"},
          {"color.ui", "always"},
          {"core.quotePath", "true"}
        }) {
      sh.git("config", kv[0], kv[1]);
    }
  }

  private void write(String path, String content) throws IOException {
    Path p = dir.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  /** A change with every shape a staged file can take. */
  private void stageEveryShape() throws Exception {
    write("edit.txt", "one\ntwo\nthree\n");
    write("nonl.txt", "a\nb");
    write("both.txt", "x");
    write("crlf.txt", "a\r\nb\r\n");
    write("tricky.txt", "keep\n");
    write("blank.txt", "\n\n");
    write("emptied.txt", "gone\n");
    write("bin.dat", "a\0b\n");
    write("attr.txt", "p\n");
    write(".gitattributes", "attr.txt -diff\n");
    write("was-link-target", "t\n");
    Files.createSymbolicLink(dir.resolve("l"), Path.of("was-link-target"));
    write("f", "file\n");
    write("old.txt", "moving\nlines\n");
    write("deleted.txt", "bye\n");
    write("exec.sh", "echo\n");
    write("sub dir/é.txt", "accent\n");
    sh.git("add", "-A");
    sh.git("commit", "-qm", "start");

    write("edit.txt", "one\nTWO\nthree\nfour");
    write("nonl.txt", "a\nb\nc\n");
    write("both.txt", "y");
    write("crlf.txt", "a\r\nB\r\n");
    write(
        "tricky.txt",
        "keep\n\\ backslash\ndiff --git a/x b/x\n@@ -1 +1 @@\n+plus\n-minus\n \n\n* Unmerged path x\n");
    write("blank.txt", "\n\nx\n\n");
    write("emptied.txt", "");
    write("empty.txt", "");
    write("bin.dat", "a\0c\n");
    write("attr.txt", "q\n");
    Files.delete(dir.resolve("l"));
    write("l", "now a file\n");
    Files.delete(dir.resolve("f"));
    Files.createSymbolicLink(dir.resolve("f"), Path.of("edit.txt"));
    sh.git("mv", "old.txt", "new.txt");
    write("new.txt", "moving\nlines\nmoved\n");
    Files.delete(dir.resolve("deleted.txt"));
    sh.sh("chmod +x exec.sh");
    write("sub dir/é.txt", "accent\naigu\n");
    String head = sh.git("rev-parse", "HEAD").strip();
    sh.git("update-index", "--add", "--cacheinfo", "160000," + head + ",module");
    sh.git("add", "-A");
  }

  private static Map<String, String> describe(StagedChange c) {
    Map<String, String> out = new TreeMap<>();
    for (StagedFile f : c.files()) {
      out.put(
          f.path(),
          f.blobId()
              + " now="
              + new String(f.now(), StandardCharsets.ISO_8859_1)
              + " before="
              + (f.before() == null ? null : new String(f.before(), StandardCharsets.ISO_8859_1)));
    }
    c.large().forEach(l -> out.put(l.path(), l.blobId() + " large " + l.size()));
    return out;
  }

  @Test
  void gitDiff_readsWhatJGitReads_forEveryShapeOfFileAndHostileDiffSettings() throws Exception {
    stageEveryShape();
    List<Skipped> gitSkips = new ArrayList<>();
    List<Skipped> jgitSkips = new ArrayList<>();

    StagedChange git = CliStagedReader.read(dir, MAX, gitSkips::add);
    StagedChange jgit = StagedGitCommandTest.viaJGit(dir, MAX, jgitSkips);

    assertNotNull(git, "git could not list the staged change");
    assertEquals(describe(jgit), describe(git));
    assertEquals(jgitSkips, gitSkips);
    assertEquals(
        new TreeSet<>(
            List.of(
                "attr.txt",
                "bin.dat",
                "blank.txt",
                "both.txt",
                "crlf.txt",
                "edit.txt",
                "emptied.txt",
                "empty.txt",
                "l",
                "new.txt",
                "nonl.txt",
                "sub dir/é.txt",
                "tricky.txt")),
        describe(git).keySet());
  }

  @Test
  void gitDiff_holdsEveryTextFileWhole_soOnlyBinaryOnesNeedAnotherProcess() throws Exception {
    stageEveryShape();
    Process p = GitCli.start(dir, CliStagedReader.DIFF_OPTIONS, CliStagedReader.DIFF_ARGS);
    p.getOutputStream().close();
    List<StagedPatch.Read> reads;
    try (InputStream out = p.getInputStream()) {
      reads = StagedPatch.parse(out, MAX);
    }
    assertEquals(0, p.waitFor());

    List<String> needObjects = new ArrayList<>();
    for (StagedPatch.Read r : reads) {
      if (!r.complete()) {
        needObjects.add(r.entry().path());
      } else {
        byte[] staged = Files.readAllBytes(dir.resolve(r.entry().path()));
        assertArrayEquals(staged, r.now(), r.entry().path());
      }
    }
    // Binary for git: one by its bytes, one by its attributes.
    assertEquals(List.of("attr.txt", "bin.dat"), needObjects);
  }

  @Test
  void gitDiff_readsANameThatIsNotUtf8() throws Exception {
    sh.git("commit", "-q", "--allow-empty", "-m", "start");
    sh.sh("printf 'TOKEN=1\\n' > \"$(printf 'bad\\377name.env')\" && git add -A");

    StagedChange git = CliStagedReader.read(dir, MAX, s -> {});

    assertNotNull(git);
    assertEquals(1, git.files().size());
    assertEquals("bad\uFFFDname.env", git.files().get(0).path());
    assertEquals("TOKEN=1\n", new String(git.files().get(0).now(), StandardCharsets.UTF_8));
  }
}
