package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookCommandTest {
  @TempDir Path dir;

  /** Runs the real git CLI in the repository; returns its exit code and output. */
  private record Git(int code, String output) {}

  private Git git(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("KEYHOUND_HOME", dir.resolve(".kh-state").toString());
    pb.environment().remove("KEYHOUND_LAUNCHER");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Git(p.waitFor(), out);
  }

  @Test
  void commit_withStagedKeyFailsAfterInstallAndPassesOnceRemovedOrAllowed() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write(".gitignore", ".kh-state/\n").commit("start");
      assertEquals(0, CliRun.of("hook", "install", "--repo", dir.toString()).exit());
      String key = Keys.issuer();
      repo.stage("app.env", "KEY=" + key + "\n");

      Git blocked = git("commit", "-q", "-m", "leak");
      repo.stage("app.env", "KEY=from-the-vault\n");
      Git removed = git("commit", "-q", "-m", "no leak");
      repo.stage("test.env", "KEY=" + key + " # keyhound:allow\n");
      Git allowed = git("commit", "-q", "-m", "allowed fixture");

      assertEquals(1, blocked.code(), blocked.output());
      assertTrue(blocked.output().contains("app.env:1"), blocked.output());
      assertEquals(0, removed.code(), removed.output());
      assertEquals(0, allowed.code(), allowed.output());
    }
  }

  @Test
  void install_refusesForeignHookWithoutForceAndChainsItWhenAsked() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      Path hook = dir.resolve(".git/hooks/pre-commit");
      Files.createDirectories(hook.getParent());
      Files.writeString(hook, "#!/bin/sh\necho foreign-ran\nexit 0\n");
      hook.toFile().setExecutable(true);

      CliRun refused = CliRun.of("hook", "install", "--repo", dir.toString());
      CliRun chained = CliRun.of("hook", "install", "--chain", "--repo", dir.toString());
      repo.stage("a.txt", "fine\n");
      Git commit = git("commit", "-q", "-m", "ok");

      assertEquals(2, refused.exit());
      assertTrue(refused.err().contains("--force"), refused.err());
      assertEquals(0, chained.exit(), chained.err());
      assertTrue(Files.readString(hook).contains(HookInstaller.MARKER));
      assertEquals(0, commit.code(), commit.output());
      assertTrue(commit.output().contains("foreign-ran"), commit.output());
    }
  }

  @Test
  void install_honoursCoreHooksPath() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      assertEquals(0, git("config", "core.hooksPath", "ci/hooks").code());

      CliRun run = CliRun.of("hook", "install", "--pre-push", "--repo", dir.toString());

      assertEquals(0, run.exit(), run.err());
      assertTrue(Files.isExecutable(dir.resolve("ci/hooks/pre-push")));
      assertTrue(Files.readString(dir.resolve("ci/hooks/pre-push")).contains("protect --pre-push"));
    }
  }
}
