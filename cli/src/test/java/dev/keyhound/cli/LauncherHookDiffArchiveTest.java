package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hook's class data, recorded by the first {@code protect} after a build on a commit that only
 * adds files (a repository's first), still holds the classes that diff a changed file against HEAD:
 * the recording run diffs a made-up edit ({@link ArchiveTraining#modifiedFile}), so that a later
 * commit that changes a file maps them rather than parsing them from the jar.
 */
class LauncherHookDiffArchiveTest {
  @TempDir Path dir;

  @Test
  void modifiedFile_diffsItsEdit() {
    assertEquals(1, ArchiveTraining.modifiedFile());
  }

  /**
   * The recording run loads the diff's classes though its commit only adds files, where a run that
   * records nothing does not load them; a later commit that changes a file then maps them from the
   * archive (the test checkout's JGit is an unsigned copy, as in the shaded jar: see {@link
   * LauncherCheckout}).
   */
  @Test
  void recordingRunOnAFirstCommit_loadsTheDiffClassesOfALaterOne() throws Exception {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path first = Files.createDirectories(dir.resolve("first"));
    git(first, "init", "-q");
    Files.writeString(first.resolve("a.py"), "a = 1\n");
    git(first, "add", "a.py");

    ProcessRun recording = protect(launcher, first, "-Xlog:class+load=info");
    ProcessRun plain = protect(launcher, first, "-Xlog:class+load=info");

    assertEquals(0, recording.code(), recording.output());
    assertTrue(Files.isRegularFile(launcher.resolveSibling("cli/target/keyhound.jsa")));
    assertEquals(0, plain.code(), plain.output());
    for (String type :
        List.of("org.eclipse.jgit.util.RawParseUtils", "org.eclipse.jgit.diff.EditList")) {
      Pattern loaded = Pattern.compile("(?m)^\\S+ " + Pattern.quote(type) + " source: ");
      assertTrue(loaded.matcher(recording.output()).find(), type + "\n" + recording.output());
      assertFalse(loaded.matcher(plain.output()).find(), type + "\n" + plain.output());
    }

    git(first, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "start");
    Files.writeString(first.resolve("a.py"), "a = 1\nb = 2\n");
    git(first, "add", "a.py");
    ProcessRun changed = protect(launcher, first, "-Xlog:class+load=info");

    assertEquals(0, changed.code(), changed.output());
    for (String type :
        List.of("org.eclipse.jgit.util.RawParseUtils", "org.eclipse.jgit.diff.EditList")) {
      assertTrue(
          Pattern.compile("(?m)^\\S+ " + Pattern.quote(type) + " source: shared objects file")
              .matcher(changed.output())
              .find(),
          type + "\n" + changed.output());
    }
  }

  private void git(Path cwd, String... args) throws Exception {
    ProcessRun.git(cwd, dir.resolve("home"), args);
  }

  /**
   * {@code protect --staged} in {@code repo} through the launcher, on the JDK running the tests.
   */
  private ProcessRun protect(Path launcher, Path repo, String javaOpts) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "protect", "--staged").directory(repo.toFile());
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().remove("KEYHOUND_STAGED_DIFF_FD");
    pb.environment().put("KEYHOUND_JAVA_OPTS", javaOpts);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put("KEYHOUND_HOME", dir.resolve("kh-state").toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    return ProcessRun.of(pb);
  }
}
