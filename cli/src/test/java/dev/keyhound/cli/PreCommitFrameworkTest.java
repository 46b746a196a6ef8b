package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyhound.scanner.testing.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keyhound through the real pre-commit framework (the distribution's package, 3.0.4 on Debian 12)
 * and through {@code keyhound} on PATH as a symbolic link to the launcher, as the README installs
 * it: the project's own {@code .pre-commit-hooks.yaml} must load, and a real commit and push must
 * be stopped by a key and pass once it is gone.
 */
class PreCommitFrameworkTest {
  @TempDir Path dir;

  private Map<String, String> env;

  private ProcessRun run(Path cwd, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().putAll(env);
    return ProcessRun.of(pb);
  }

  /** The user's setup: keyhound on PATH as a link to a checkout's launcher. */
  private void keyhoundOnPath() throws IOException {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path bin = Files.createDirectories(dir.resolve("home/.local/bin"));
    Files.createSymbolicLink(bin.resolve("keyhound"), launcher);
    env =
        new java.util.HashMap<>(
            Map.of(
                "PATH", bin + ":" + System.getenv("PATH"),
                "HOME", dir.resolve("home").toString(),
                "KEYHOUND_HOME", dir.resolve("kh-state").toString(),
                "PRE_COMMIT_HOME", dir.resolve("pre-commit-cache").toString(),
                "GIT_AUTHOR_NAME", "Ada",
                "GIT_AUTHOR_EMAIL", "ada@example.com",
                "GIT_COMMITTER_NAME", "Ada",
                "GIT_COMMITTER_EMAIL", "ada@example.com",
                "GIT_CONFIG_NOSYSTEM", "1"));
  }

  @Test
  void launcher_reachedThroughSymlinkOnPathFindsItsCheckout() throws Exception {
    keyhoundOnPath();
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

    ProcessRun version =
        run(elsewhere, dir.resolve("home/.local/bin/keyhound").toString(), "--version");

    assertEquals(0, version.code(), version.output());
    assertTrue(version.output().contains(Version.NAME), version.output());
  }

  @Test
  void framework_loadsManifestAndBlocksCommitAndPushWithKeyThenPassesOnceClean() throws Exception {
    assumeTrue(
        LauncherCheckout.onPath("pre-commit"),
        "pre-commit is not installed (apt-get install pre-commit): framework test skipped");
    keyhoundOnPath();
    // The hooks repository holds the project's real manifest, as a user's `repo:` would.
    Path hooks = Files.createDirectories(dir.resolve("hooks-repo"));
    Files.copy(
        LauncherCheckout.realLauncher().resolveSibling(".pre-commit-hooks.yaml"),
        hooks.resolve(".pre-commit-hooks.yaml"));
    must(run(hooks, "git", "init", "-q"));
    must(run(hooks, "git", "add", "."));
    must(run(hooks, "git", "commit", "-qm", "hooks"));
    String rev = run(hooks, "git", "rev-parse", "HEAD").output().trim();

    Path remote = dir.resolve("remote.git");
    must(run(dir, "git", "init", "-q", "--bare", remote.toString()));
    Path work = Files.createDirectories(dir.resolve("work"));
    must(run(work, "git", "init", "-q"));
    must(run(work, "git", "remote", "add", "origin", remote.toString()));
    Files.writeString(
        work.resolve(".pre-commit-config.yaml"),
        String.join(
            "\n",
            "repos:",
            "- repo: " + hooks.toUri(),
            "  rev: " + rev,
            "  hooks:",
            "  - id: keyhound",
            "  - id: keyhound-pre-push",
            ""));
    must(run(work, "pre-commit", "install", "-t", "pre-commit", "-t", "pre-push"));
    must(run(work, "git", "add", ".pre-commit-config.yaml"));
    ProcessRun first = run(work, "git", "commit", "-qm", "pre-commit config");
    assertEquals(0, first.code(), first.output());
    String key = Keys.issuer();

    Files.writeString(work.resolve("app.env"), "API_KEY=" + key + "\n");
    must(run(work, "git", "add", "app.env"));
    ProcessRun blockedCommit = run(work, "git", "commit", "-qm", "leak");
    Files.writeString(work.resolve("app.env"), "API_KEY=from-the-vault\n");
    must(run(work, "git", "add", "app.env"));
    ProcessRun cleanCommit = run(work, "git", "commit", "-qm", "clean");

    Files.writeString(work.resolve("old.env"), "API_KEY=" + key + "\n");
    must(run(work, "git", "add", "old.env"));
    must(run(work, "git", "commit", "-q", "--no-verify", "-m", "leak past the commit hook"));
    ProcessRun blockedPush = run(work, "git", "push", "-q", "origin", "HEAD:refs/heads/main");
    must(run(work, "git", "reset", "-q", "--hard", "HEAD~1"));
    ProcessRun cleanPush = run(work, "git", "push", "-q", "origin", "HEAD:refs/heads/main");

    assertNotEquals(0, blockedCommit.code(), blockedCommit.output());
    assertTrue(blockedCommit.output().contains("app.env:1"), blockedCommit.output());
    assertEquals(0, cleanCommit.code(), cleanCommit.output());
    assertNotEquals(0, blockedPush.code(), blockedPush.output());
    assertTrue(blockedPush.output().contains("old.env:1"), blockedPush.output());
    assertEquals(0, cleanPush.code(), cleanPush.output());
  }

  private static void must(ProcessRun r) {
    assertEquals(0, r.code(), r.output());
  }
}
