package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The class data a launcher records on the first {@code protect} or {@code scan} after a build,
 * where no {@code .keyhound.toml} is in sight, still holds the classes that read one: the recording
 * run loads a made-up configuration ({@link ArchiveTraining#config}). A later hook or scan in a
 * repository with a configuration then maps the TOML reader's classes rather than parsing them from
 * the jar, and reads the file without building a Jackson {@code ObjectMapper} ({@link
 * dev.keyhound.rules.TomlTree}).
 */
class LauncherConfigArchiveTest {
  /** Classes that only reading a configuration file loads. */
  private static final List<String> CONFIG_CLASSES =
      List.of(
          "com.fasterxml.jackson.dataformat.toml.TomlFactory",
          "com.fasterxml.jackson.dataformat.toml.Lexer",
          "com.fasterxml.jackson.databind.node.TreeTraversingParser",
          "dev.keyhound.rules.TomlTree",
          "dev.keyhound.rules.ConfigReader");

  /** A team's configuration as the documentation suggests one: the pack kept, a few additions. */
  private static final String TEAM_CONFIG =
      """
      [extend]
      useDefault = true

      [allowlist]
      paths = ['''vendor/''']

      [[rules]]
      id = "team-token"
      regex = '''team_([a-z0-9]{24})'''
      secretGroup = 1
      keywords = ["team_"]
      """;

  @TempDir Path dir;

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void hookInARepositoryWithAConfig_mapsTheConfigReadersClasses(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path plain = repository("plain", "A=1\n", null);
    ProcessRun recording = run(launcher, jdk, plain, "", "protect", "--staged");
    assertEquals(0, recording.code(), recording.output());
    assertTrue(Files.isRegularFile(archive(launcher, jdk, "keyhound.jsa")), recording.output());
    Path team =
        repository("team", "A=1\nTEAM=" + "team_" + "k3v9q2x7m4p8r1t6w5z0b2n8\n", TEAM_CONFIG);

    ProcessRun hook =
        run(
            launcher,
            jdk,
            team,
            "-Xlog:class+load=info -Xlog:class+init=info",
            "protect",
            "--staged");

    assertEquals(1, hook.code(), hook.output());
    assertTrue(hook.output().contains("app.env:2  team-token"), hook.output());
    assertConfigClassesShared(hook.output());
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void scanOfAFolderWithAConfig_mapsTheConfigReadersClasses(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path plain = Files.createDirectories(dir.resolve("plain"));
    Files.writeString(plain.resolve("notes.txt"), "nothing here\n");
    ProcessRun recording = run(launcher, jdk, dir, "", "scan", "--no-git", plain.toString());
    assertEquals(0, recording.code(), recording.output());
    assertTrue(
        Files.isRegularFile(archive(launcher, jdk, "keyhound-scan.jsa")), recording.output());
    Path team = Files.createDirectories(dir.resolve("team"));
    Files.writeString(team.resolve(Config.DEFAULT_NAME), TEAM_CONFIG);
    Files.writeString(team.resolve("app.env"), "TEAM=" + "team_" + "k3v9q2x7m4p8r1t6w5z0b2n8\n");

    ProcessRun scan =
        run(
            launcher,
            jdk,
            dir,
            "-Xlog:class+load=info -Xlog:class+init=info",
            "scan",
            "--no-git",
            team.toString());

    assertEquals(1, scan.code(), scan.output());
    assertTrue(scan.output().contains("team-token"), scan.output());
    assertConfigClassesShared(scan.output());
  }

  private static void assertConfigClassesShared(String log) {
    for (String type : CONFIG_CLASSES) {
      assertTrue(
          Pattern.compile("(?m)^\\S+ " + Pattern.quote(type) + " source: shared objects file")
              .matcher(log)
              .find(),
          type + " not from the class data:\n" + log);
    }
    // Reading the file built no ObjectMapper (its date formats were most of the reader's cost). Not
    // initialised, rather than not loaded: JDK 25 loads every class of its AOT cache at start, and
    // the scan archive's training renders JSON reports.
    assertFalse(
        log.contains("Initializing 'com/fasterxml/jackson/databind/ObjectMapper'"),
        "an ObjectMapper was built:\n" + log);
  }

  private static Path archive(Path launcher, TestJdk jdk, String jsaName) {
    return launcher.resolveSibling("cli/target").resolve(jdk.archive(jsaName));
  }

  /** A repository with one file staged ({@code app.env}) and, when given, a configuration. */
  private Path repository(String name, String staged, String config) throws Exception {
    Path repo = Files.createDirectories(dir.resolve(name));
    git(repo, "init", "-q");
    if (config != null) {
      Files.writeString(repo.resolve(Config.DEFAULT_NAME), config);
    }
    Files.writeString(repo.resolve("app.env"), staged);
    git(repo, "add", "app.env");
    return repo;
  }

  private void git(Path cwd, String... args) throws Exception {
    ProcessRun.git(cwd, dir.resolve("home"), args);
  }

  private ProcessRun run(Path launcher, TestJdk jdk, Path cwd, String javaOpts, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    LauncherCheckout.environment(pb, jdk, javaOpts);
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put("KEYHOUND_HOME", dir.resolve("kh-state").toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    return ProcessRun.of(pb);
  }
}
