package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.git.GitCli;
import dev.keyhound.scanner.testing.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launchers start {@code protect --staged}'s git diff before the JVM and hand its output over:
 * their command must be the one keyhound parses, and a hook run through them must find a staged key
 * on its line, also in a linked work tree (where git sets GIT_DIR for the hook), on the JDK running
 * the tests and on a JDK 25 or later when there is one.
 */
class LauncherStagedDiffTest {
  @TempDir Path dir;

  private final Map<String, String> env = new HashMap<>();
  private Path launcher;

  @BeforeEach
  void checkout() throws IOException {
    launcher = LauncherCheckout.create(dir.resolve("checkout"));
    env.putAll(
        Map.of(
            "HOME", dir.resolve("home").toString(),
            "KEYHOUND_HOME", dir.resolve("kh-state").toString(),
            "GIT_AUTHOR_NAME", "Ada",
            "GIT_AUTHOR_EMAIL", "ada@example.com",
            "GIT_COMMITTER_NAME", "Ada",
            "GIT_COMMITTER_EMAIL", "ada@example.com",
            "GIT_CONFIG_NOSYSTEM", "1"));
  }

  private ProcessRun run(Path cwd, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().putAll(env);
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().remove("KEYHOUND_STAGED_DIFF_FD");
    return ProcessRun.of(pb);
  }

  private void must(Path cwd, String... cmd) throws Exception {
    ProcessRun r = run(cwd, cmd);
    assertEquals(0, r.code(), String.join(" ", cmd) + ": " + r.output());
  }

  /** The git command a launcher script's staged_diff function runs, as words. */
  private static List<String> stagedDiffOf(Path script) throws IOException {
    String text = Files.readString(script, StandardCharsets.UTF_8);
    int fn = text.indexOf("staged_diff() {");
    assertTrue(fn >= 0, script + " has no staged_diff function");
    String body = text.substring(fn, text.indexOf("\n}", fn)).replace("\\\n", " ");
    String line = body.lines().filter(l -> l.contains(" git ")).findFirst().orElseThrow();
    List<String> words = new ArrayList<>(List.of(line.strip().split("\\s+")));
    words = words.subList(words.indexOf("git"), words.indexOf("2>/dev/null"));
    return words;
  }

  @Test
  void launchers_runTheStagedDiffKeyhoundReads() throws IOException {
    Path source = LauncherCheckout.realLauncher();
    Path installed = source.getParent().resolve("dist/src/bin/keyhound");

    assertEquals(GitCli.stagedDiffCommand(), stagedDiffOf(source));
    assertEquals(GitCli.stagedDiffCommand(), stagedDiffOf(installed));
  }

  private Path repoWithStagedKey(Path repo) throws Exception {
    Files.createDirectories(repo);
    must(repo, "git", "init", "-q");
    Files.writeString(repo.resolve("app.py"), "name = 'app'\n");
    must(repo, "git", "add", "-A");
    must(repo, "git", "commit", "-qm", "start");
    return repo;
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void protectStaged_readsTheDiffTheLauncherStartedAndFindsTheKeyOnItsLine(String which)
      throws Exception {
    env.put("JAVA_HOME", TestJdk.named(which).home().toString());
    Path repo = repoWithStagedKey(dir.resolve("repo"));
    Files.writeString(repo.resolve("app.py"), "name = 'app'\ntoken = '" + Keys.issuer() + "'\n");
    must(repo, "git", "add", "-A");
    env.put("KEYHOUND_TRACE_STARTUP", "1");

    ProcessRun found = run(repo, launcher.toString(), "protect", "--staged");

    assertEquals(1, found.code(), found.output());
    assertTrue(found.output().contains("app.py:2"), found.output());
    assertTrue(found.output().contains("reading the launcher's git"), found.output());
    assertFalse(found.output().contains("staged: git started"), found.output());

    Files.writeString(repo.resolve("app.py"), "name = 'app'\nother = 2\n");
    must(repo, "git", "add", "-A");
    ProcessRun clean = run(repo, launcher.toString(), "protect", "--staged");
    assertEquals(0, clean.code(), clean.output());
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void hook_inALinkedWorkTree_stopsTheCommitWithTheKey(String which) throws Exception {
    env.put("JAVA_HOME", TestJdk.named(which).home().toString());
    Path repo = repoWithStagedKey(dir.resolve("main"));
    Path linked = dir.resolve("linked");
    must(repo, "git", "worktree", "add", "-q", linked.toString());
    must(repo, launcher.toString(), "hook", "install");
    Files.createDirectories(linked.resolve("conf"));
    Files.writeString(linked.resolve("conf/prod.env"), "X=1\nTOKEN=" + Keys.issuer() + "\n");
    must(linked, "git", "add", "-A");

    ProcessRun commit = run(linked, "git", "commit", "-qm", "leak");

    assertEquals(1, commit.code(), commit.output());
    assertTrue(commit.output().contains("conf/prod.env:2"), commit.output());
  }
}
