package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index read through the git command must give what the JGit walk gives (the hook uses the
 * former).
 */
class StagedGitCommandTest {
  private static final long MAX = ScanOptions.DEFAULT_MAX_FILE_SIZE;

  @TempDir Path dir;

  private void git(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "git",
                "-C",
                dir.toString(),
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  private static List<String> describe(StagedChange change) {
    List<String> out = new ArrayList<>(describe(change.files()));
    change.large().forEach(l -> out.add(l.path() + " " + l.blobId() + " large size=" + l.size()));
    return out;
  }

  private static List<String> describe(List<StagedFile> files) {
    return files.stream()
        .map(
            f ->
                f.path()
                    + " "
                    + f.blobId()
                    + " now="
                    + new String(f.now(), StandardCharsets.UTF_8)
                    + " before="
                    + (f.before() == null ? null : new String(f.before(), StandardCharsets.UTF_8)))
        .toList();
  }

  private StagedChange viaGit(long max, List<Skipped> skipped) throws IOException {
    StagedChange change = CliStagedReader.read(dir, max, skipped::add);
    assertNotNull(change, "git could not list the staged change");
    return change;
  }

  private StagedChange viaJGit(long max, List<Skipped> skipped) throws IOException {
    return viaJGit(dir, max, skipped);
  }

  /** The staged change of the repository at {@code dir} as JGit reads it, its skips collected. */
  static StagedChange viaJGit(Path dir, long max, List<Skipped> skipped) throws IOException {
    return new StagedSource(dir, max)
        .readWithJGit(
            new Source.Sink() {
              @Override
              public void accept(SourceItem item) {}

              @Override
              public void skipped(Skipped s) {
                skipped.add(s);
              }
            });
  }

  @Test
  void gitCommand_listsTheSameFilesAsJGit_forEditsAdditionsDeletionsModesLinksAndCopies()
      throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.py", "one\ntwo\n")
          .write("gone.txt", "bye\n")
          .write("run.sh", "echo hi\n")
          .write("dir/b.txt", "b\n")
          .commit("start");
      repo.write("a.py", "one\nkey = '" + Keys.issuer() + "'\ntwo\n");
      repo.write("new file é.txt", "fresh\n")
          .write("dir/copy.txt", "b\n")
          .write("dir/c.txt", "same\n")
          .write("dir/d.txt", "same\n");
      Files.delete(dir.resolve("gone.txt"));
      Files.setPosixFilePermissions(
          dir.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createSymbolicLink(dir.resolve("link"), Path.of("a.py"));
      git("add", "-A");

      List<Skipped> gitSkips = new ArrayList<>();
      List<Skipped> jgitSkips = new ArrayList<>();
      List<String> expected = describe(viaJGit(MAX, jgitSkips));

      assertEquals(expected, describe(viaGit(MAX, gitSkips)));
      assertEquals(jgitSkips, gitSkips);
      assertEquals(
          5, expected.size(), expected.toString()); // a.py, dir/c, dir/copy, dir/d, the new file
    }
  }

  @Test
  void gitCommand_listsEveryStagedFileBeforeTheFirstCommit() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.stage("conf/app.env", "A=1\n").stage("b.txt", "b\n");

      List<String> expected = describe(viaJGit(MAX, new ArrayList<>()));

      assertEquals(expected, describe(viaGit(MAX, new ArrayList<>())));
      assertEquals(2, expected.size());
    }
  }

  @Test
  void gitCommand_handsOverTooLargeFilesAsJGitDoes() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("big.txt", "x".repeat(40) + "\n").write("small.txt", "s\n").commit("start");
      repo.stage("big.txt", "y".repeat(50) + "\n")
          .stage("small.txt", "t\n")
          .stage("grown.txt", "z".repeat(60));

      List<Skipped> gitSkips = new ArrayList<>();
      List<Skipped> jgitSkips = new ArrayList<>();
      List<String> expected = describe(viaJGit(32, jgitSkips));

      assertEquals(expected, describe(viaGit(32, gitSkips)));
      assertEquals(jgitSkips, gitSkips);
      assertEquals(List.of(), gitSkips);
      assertEquals(2, viaGit(32, gitSkips).large().size(), expected.toString());
    }
  }

  @Test
  void gitCommand_reportsTheSameFindingsOnTheSameLines() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      String old = Keys.issuer();
      repo.write("a.py", "key = '" + old + "'\n").commit("old leak");
      repo.stage("a.py", "key = '" + old + "'\nother = '" + Keys.issuer() + "'\n");
      repo.stage("b.env", "TOKEN=" + Keys.issuer() + "\n");

      StagedSource jgit = new StagedSource(dir, MAX);
      ScanResult expected = jgit.onlyAddedLines(HistoryFixture.scan(jgit));
      StagedSource cli = StagedSource.usingGitCommand(dir, MAX);
      ScanResult actual = cli.onlyAddedLines(HistoryFixture.scan(cli));

      assertEquals(2, expected.findings().size());
      assertEquals(expected.findings(), actual.findings());
      assertEquals(expected.skipped(), actual.skipped());
    }
  }

  @Test
  void topLevel_isTheWorkTreeInsideARepositoryAndNullOutside() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path work = Files.createDirectories(dir.resolve("work"));
    try (TestRepo repo = TestRepo.init(work)) {
      repo.write("sub/x.txt", "x\n").stageAll();

      assertEquals(work.toRealPath(), GitCli.topLevel(work.resolve("sub")).toRealPath());
      assertNull(GitCli.topLevel(outside));
      assertFalse(dir.toRealPath().equals(GitCli.topLevel(work)));
    }
  }
}
