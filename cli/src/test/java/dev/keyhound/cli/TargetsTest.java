package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TargetsTest {
  @Test
  void remoteUrl_restoresTheDoubleSlashThatPathCollapses() {
    assertEquals(
        "https://github.com/org/repo.git",
        Targets.remoteUrl(Path.of("https://github.com/org/repo.git")));
    assertEquals(
        "ssh://git@host:22/org/repo", Targets.remoteUrl(Path.of("ssh://git@host:22/org/repo")));
    assertEquals(
        "file:///srv/git/repo.git", Targets.remoteUrl(Path.of("file:///srv/git/repo.git")));
  }

  @Test
  void remoteUrl_keepsScpLikeAddresses() {
    assertEquals(
        "git@github.com:org/repo.git", Targets.remoteUrl(Path.of("git@github.com:org/repo.git")));
  }

  @Test
  void remoteUrl_isNullForLocalPaths() {
    assertNull(Targets.remoteUrl(Path.of("src/main")));
    assertNull(Targets.remoteUrl(Path.of(".")));
  }

  @Test
  void historyOptionsWithNoGitAreAUsageError() {
    CliRun run = CliRun.of("scan", "--no-git", "--since", "main", ".");

    assertEquals(2, run.exit());
  }
}
