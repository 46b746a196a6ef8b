package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hooks' own argument forms skip picocli ({@link HookEntry}); what they print and exit with
 * must be what picocli's run of the same arguments gives, byte for byte. Both run as the hook does:
 * a JVM started in the repository, no {@code --repo}.
 */
class HookEntryTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  /**
   * Each hook form in each outcome: a key (exit 1 and the report), a clean change (0), a broken
   * configuration file (2).
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--staged, key",
    "--staged, clean",
    "--staged, broken-config",
    "--pre-push, key",
    "--pre-push, clean",
    "--pre-push, broken-config"
  })
  void hookForm_printsAndExitsAsPicocliDoes(String flag, String outcome) throws Exception {
    Path repoDir = dir.resolve("repo");
    Path input = hookRepo(repoDir, flag, outcome);

    Run own = java(repoDir, input, Main.class, "protect", flag);
    Run picocli = java(repoDir, input, PicocliRun.class, "protect", flag);

    assertEquals(picocli, own);
    assertEquals(exitFor(outcome), own.exit(), own.toString());
    if (outcome.equals("key")) {
      assertTrue(own.err().contains("conf/app.env:2  keyhound-issuer-key"), own.err());
    }
  }

  /**
   * The hook forms with {@code --config} (both spellings, before or after the flag, relative or
   * absolute): a key its own rule finds, a clean change, a broken file, a missing file.
   */
  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "--staged, --config FILE, key",
    "--staged, --config FILE, clean",
    "--staged, --config FILE, broken-config",
    "--staged, --config FILE, missing-config",
    "--staged, --config=FILE, key",
    "--staged, --config=FILE, broken-config",
    "--staged, FLAG-LAST --config FILE, key",
    "--staged, FLAG-LAST --config=ABSOLUTE, key",
    "--staged, --config ABSOLUTE, missing-config",
    "--pre-push, --config FILE, key",
    "--pre-push, FLAG-LAST --config=FILE, clean",
    "--pre-push, --config FILE, broken-config"
  })
  void configForm_printsAndExitsAsPicocliDoes(String flag, String form, String outcome)
      throws Exception {
    Path repoDir = dir.resolve("repo");
    Path input = hookRepo(repoDir, flag, outcome.equals("key") ? "key" : "clean");
    Path file = repoDir.resolve("team-rules.toml");
    switch (outcome) {
      case "broken-config" -> Files.writeString(file, "[[rules]]\nid = \"x\"\nregex = '('\n");
      case "missing-config" -> {}
      default ->
          Files.writeString(
              file,
              "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"team-token\"\n"
                  + "regex = '''team_([a-z0-9]{24})'''\nsecretGroup = 1\nkeywords = [\"team_\"]\n");
    }
    String value = form.contains("ABSOLUTE") ? file.toString() : file.getFileName().toString();
    List<String> args = new ArrayList<>(List.of("protect"));
    if (!form.startsWith("FLAG-LAST")) {
      args.add(flag);
    }
    if (form.contains("--config=")) {
      args.add("--config=" + value);
    } else {
      args.add("--config");
      args.add(value);
    }
    if (form.startsWith("FLAG-LAST")) {
      args.add(flag);
    }
    String[] line = args.toArray(new String[0]);

    Run own = java(repoDir, input, Main.class, line);
    Run picocli = java(repoDir, input, PicocliRun.class, line);

    assertEquals(picocli, own);
    assertEquals(exitFor(outcome), own.exit(), own.toString());
    if (outcome.equals("key")) {
      assertTrue(own.err().contains("conf/app.env:3  team-token"), own.err());
      assertTrue(own.err().contains("conf/app.env:2  keyhound-issuer-key"), own.err());
    }
    if (outcome.equals("missing-config")) {
      assertTrue(own.err().contains("config file not found: " + value), own.err());
    }
  }

  /**
   * The {@code --config} forms really skip picocli: its tracer, which reports every parse, says
   * nothing on the hook's run, and everything on picocli's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--config FILE --staged", "--staged --config=FILE"})
  void configForm_skipsPicocli(String form) throws Exception {
    Path repoDir = dir.resolve("repo");
    Path input = hookRepo(repoDir, "--staged", "clean");
    Files.writeString(repoDir.resolve("r.toml"), "[allowlist]\npaths = ['''vendor/''']\n");
    List<String> args = new ArrayList<>(List.of("protect"));
    args.addAll(List.of(form.replace("FILE", "r.toml").split(" ")));
    String[] line = args.toArray(new String[0]);

    Run own = java(repoDir, input, List.of("-Dpicocli.trace=DEBUG"), Main.class, line);
    Run picocli = java(repoDir, input, List.of("-Dpicocli.trace=DEBUG"), PicocliRun.class, line);

    assertEquals(new Run(0, "", ""), own);
    assertTrue(picocli.err().contains("[picocli "), picocli.err());
  }

  /**
   * On a JDK 25 or later the hook forms print and exit exactly as on the JDK running the tests, and
   * the JVM adds nothing to stderr.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"--staged, key", "--staged, clean", "--pre-push, key", "--pre-push, clean"})
  void hookForm_onJdk25_printsAndExitsAsOnTheCurrentJdk(String flag, String outcome)
      throws Exception {
    TestJdk jdk25 = TestJdk.named("25");
    Path repoDir = dir.resolve("repo");
    Path input = hookRepo(repoDir, flag, outcome);

    Run current = java(TestJdk.named("current"), repoDir, input, Main.class, "protect", flag);
    Run on25 = java(jdk25, repoDir, input, Main.class, "protect", flag);

    assertEquals(current, on25);
  }

  /** Anything but the two bare forms is left to picocli, which checks and explains it. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "protect --staged --staged",
        "protect --staged -q",
        "protect --pre-push --staged",
        "protect --staged=true",
        "protect",
        "protect --help",
        "scan --staged",
        "protect --staged --config",
        "protect --config --staged",
        "protect --staged --config --pre-push",
        "protect --staged --config -x",
        "protect --staged --config @args",
        "protect --staged --config=",
        "protect --staged --config=@args",
        "protect --config=a --config=b",
        "protect --config=a --staged --staged",
        "protect --config a --config b --staged",
        "protect --staged --repo r",
        "protect --staged --config a\u0000b",
        "protect --config=a --staged=true"
      })
  void otherForms_goToPicocli(String line) {
    String[] args = line.split(" ");
    StringWriter err = new StringWriter();

    assertNull(HookEntry.runWithoutPicocli(args, new PrintWriter(err)));
    assertEquals("", err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"protect --staged --staged", "protect --pre-push --staged"})
  void formsPicocliRejects_areUsageErrors(String line) {
    CliRun run = CliRun.of(line.split(" "));

    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().startsWith("keyhound: "), run.err());
    assertTrue(run.err().contains("Try 'keyhound protect --help'."), run.err());
  }

  /**
   * A repository in the state of the outcome (a staged key, a clean change, a broken configuration
   * file) and the standard input the hook form gets; returns that input's file.
   */
  private Path hookRepo(Path repoDir, String flag, String outcome) throws Exception {
    String stdin;
    try (TestRepo repo = TestRepo.init(repoDir)) {
      RevCommit start = repo.write("a.txt", "x\n").commit("start");
      // (line 3: a token only a team's own rule finds; see configForm_printsAndExitsAsPicocliDoes)
      String content =
          outcome.equals("key")
              ? "A=1\nKEY="
                  + Keys.issuer()
                  + "\nTEAM="
                  + "team_"
                  + "k3v9q2x7m4p8r1t6w5z0b2n8"
                  + "\n"
              : "A=1\n";
      repo.stage("conf/app.env", content);
      RevCommit pushed = flag.equals("--pre-push") ? repo.commit("work") : start;
      stdin =
          "refs/heads/main "
              + pushed.name()
              + " refs/heads/main "
              + (flag.equals("--pre-push") ? start.name() : ObjectId.zeroId().name())
              + "\n";
    }
    if (outcome.equals("broken-config")) {
      Files.writeString(repoDir.resolve(".keyhound.toml"), "[[rules]]\nid = \"x\"\nregex = '('\n");
    }
    Path input = dir.resolve("stdin");
    Files.writeString(input, stdin);

    return input;
  }

  private Run java(Path cwd, Path stdin, Class<?> main, String... args)
      throws IOException, InterruptedException {
    return java(TestJdk.named("current"), cwd, stdin, List.of(), main, args);
  }

  private Run java(Path cwd, Path stdin, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    return java(TestJdk.named("current"), cwd, stdin, jvmOptions, main, args);
  }

  private Run java(TestJdk jdk, Path cwd, Path stdin, Class<?> main, String... args)
      throws IOException, InterruptedException {
    return java(jdk, cwd, stdin, List.of(), main, args);
  }

  private Run java(
      TestJdk jdk, Path cwd, Path stdin, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(jdk.java().toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(cwd.toFile())
            .redirectInput(stdin.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put("KEYHOUND_HOME", dir.resolve("kh-state").toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    for (String name :
        List.of(
            "KEYHOUND_LAUNCHER",
            "KEYHOUND_STAGED_DIFF_FD",
            "KEYHOUND_TRACE_STARTUP",
            "PRE_COMMIT",
            "PRE_COMMIT_FROM_REF",
            "PRE_COMMIT_TO_REF",
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE")) {
      pb.environment().remove(name);
    }
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", cmd));
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The exit code a hook run of this outcome must have: 1 for a key, 0 clean, 2 for an error. */
  private static int exitFor(String outcome) {
    return switch (outcome) {
      case "key" -> 1;
      case "clean" -> 0;
      default -> 2;
    };
  }
}
