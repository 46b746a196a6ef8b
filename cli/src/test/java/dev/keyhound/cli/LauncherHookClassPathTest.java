package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.testing.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For {@code protect} the launcher puts the rules module's own small jar first on the class path,
 * before {@code keyhound-hook.jar} and {@code keyhound.jar}: the hook reads the built-in rule pack
 * from the jar the rules' classes came from, and opening a small jar is cheap. A hook run through
 * it loads the rules from that jar and still stops a staged key; without that jar (a build from
 * before it) the hook runs as it did.
 */
class LauncherHookClassPathTest {
  @TempDir Path dir;

  @Test
  void protect_loadsTheRulesFromTheRulesJarFirst_andStopsAStagedKey() throws Exception {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path target = launcher.resolveSibling("cli/target");
    // The hook jar: keyhound.jar's manifest, which names this test run's classes, as its class
    // path.
    Files.copy(target.resolve("keyhound.jar"), target.resolve("keyhound-hook.jar"));
    Path rules =
        Path.of(RuleLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(rules)) {
      LauncherCheckout.jarOf(rules, target.resolve("keyhound-rules.jar"));
    } else {
      Files.copy(rules, target.resolve("keyhound-rules.jar"));
    }
    Path repo = stagedKey();

    ProcessRun hook = protect(launcher, repo);

    assertEquals(1, hook.code(), hook.output());
    assertTrue(hook.output().contains("app.env:1"), hook.output());
    String source = sourceOf(hook.output(), "dev.keyhound.rules.RuleLoader");
    assertTrue(source.endsWith("/cli/target/keyhound-rules.jar"), source);

    Files.delete(target.resolve("keyhound-rules.jar"));
    ProcessRun without = protect(launcher, repo);

    assertEquals(1, without.code(), without.output());
    assertTrue(without.output().contains("app.env:1"), without.output());
  }

  private Path stagedKey() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    git(repo, "init", "-q");
    Files.writeString(repo.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    git(repo, "add", "app.env");
    return repo;
  }

  private void git(Path cwd, String... args) throws Exception {
    ProcessRun.git(cwd, dir.resolve("home"), args);
  }

  /** {@code protect --staged} in {@code repo}, logging where each class is loaded from. */
  private ProcessRun protect(Path launcher, Path repo) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(launcher.toString(), "protect", "--staged").directory(repo.toFile());
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().remove("KEYHOUND_STAGED_DIFF_FD");
    pb.environment()
        .putAll(
            Map.of(
                "KEYHOUND_JAVA_OPTS",
                "-Xlog:class+load",
                "HOME",
                dir.resolve("home").toString(),
                "KEYHOUND_HOME",
                dir.resolve("kh-state").toString(),
                "GIT_CONFIG_NOSYSTEM",
                "1"));
    return ProcessRun.of(pb);
  }

  /** The jar a class was loaded from, as the recording run's class-load log names it. */
  private static String sourceOf(String log, String type) {
    String marker = " " + type + " source: ";
    int at = log.indexOf(marker);
    assertTrue(at >= 0, type + " not loaded:\n" + log);
    int end = log.indexOf('\n', at);
    String source = log.substring(at + marker.length(), end < 0 ? log.length() : end).strip();
    return source.startsWith("file:") ? Path.of(java.net.URI.create(source)).toString() : source;
  }
}
