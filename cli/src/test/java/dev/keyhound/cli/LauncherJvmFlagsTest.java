package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.testing.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scan through {@code ./keyhound} runs a JVM that has the launcher's compiler settings (the
 * directives file and the inlining limits) and accepts them, on the JDK running the tests and on a
 * JDK 25 or later when there is one, and the distribution's launcher passes the same settings.
 */
class LauncherJvmFlagsTest {
  /**
   * For the tests of flags: the recording runs skip the archive's training (KEYHOUND_JAVA_OPTS
   * comes after the launcher's own -D), whose scans take seconds per recording.
   */
  private static final String UNTRAINED = "-Dkeyhound.train-archive=false";

  @TempDir Path dir;

  private static ProcessRun run(List<String> cmd, String javaOpts) throws Exception {
    return run(cmd, javaOpts, TestJdk.named("current"));
  }

  private static ProcessRun run(List<String> cmd, String javaOpts, TestJdk jdk) throws Exception {
    return run(cmd, javaOpts, jdk, Map.of());
  }

  private static ProcessRun run(
      List<String> cmd, String javaOpts, TestJdk jdk, Map<String, String> env) throws Exception {
    ProcessBuilder pb = LauncherCheckout.environment(new ProcessBuilder(cmd), jdk, javaOpts);
    pb.environment().putAll(env);
    return ProcessRun.of(pb);
  }

  /** A scan's size never counts as small: the launcher's settings for a large scan. */
  private static final Map<String, String> LARGE = Map.of("KEYHOUND_SMALL_SCAN_MB", "0");

  /** The whole line -XX:+PrintFlagsFinal shows for a JVM flag, its origin last. */
  private static String flagLine(String output, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*\\w+ " + name + "\\s+= .*$").matcher(output);
    assertTrue(m.find(), name + " not in the flags:\n" + output);
    return m.group().strip();
  }

  /** The value -XX:+PrintFlagsFinal shows for a JVM flag. */
  private static String flag(String output, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*\\w+ " + name + "\\s+= (\\S*)").matcher(output);
    assertTrue(m.find(), name + " not in the flags:\n" + output);
    return m.group(1);
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void scan_runsTheJvmWithTheCompilerDirectivesAndStillFindsAKey(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path checkout = dir.resolve("checkout");
    Path launcher = LauncherCheckout.create(checkout);
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    // Twice: the first run records the class-data archive, the second maps it.
    for (int i = 0; i < 2; i++) {
      ProcessRun scan =
          run(
              List.of(launcher.toString(), "scan", "--no-git", project.toString()),
              "-XX:+DisplayVMOutput -XX:+PrintFlagsFinal -XX:+CompilerDirectivesPrint " + UNTRAINED,
              jdk);
      assertEquals(1, scan.code(), scan.output());
      assertTrue(scan.output().contains("app.env"), scan.output());
      assertEquals(
          checkout.resolve(LauncherCheckout.SCAN_DIRECTIVES).toRealPath().toString(),
          flag(scan.output(), "CompilerDirectivesFile"));
      assertEquals("1000", flag(scan.output(), "InlineSmallCode"));
      assertEquals("150", flag(scan.output(), "FreqInlineSize"));
      assertEquals("9", flag(scan.output(), "MaxInlineLevel"));
      // The JVM parsed the file: the brics automata (the detector build) are kept from C2.
      Matcher d =
          Pattern.compile(
                  "(?s)matching: [^\\n]*dk/brics/\\*\\.\\*.*? c2 directives:.*?Exclude:true")
              .matcher(scan.output());
      assertTrue(d.find(), scan.output());
    }
    assertTrue(
        Files.isRegularFile(
            checkout.resolve("cli/target").resolve(jdk.archive("keyhound-scan.jsa"))),
        jdk.archive("keyhound-scan.jsa"));
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void scan_keepsTheHeapTightUnlessTheUserSetsAMaximumHeap(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    List<String> scan = scanOfOneKey();
    String print =
        "-XX:+DisplayVMOutput -XX:+PrintFlagsFinal -XshowSettings:properties " + UNTRAINED;

    // (A large scan's: a small one runs the parallel collector, for which HeapGrowth is not asked.)
    ProcessRun byDefault = run(scan, print, jdk, LARGE);
    ProcessRun withMax = run(scan, "-Xmx300m " + print, jdk, LARGE);
    ProcessRun withOwnRatio = run(scan, print + " -XX:MinHeapFreeRatio=25", jdk, LARGE);
    ProcessRun small = run(scan, print, jdk);

    // JDK 25's serial collector skips the full collections 17's ran (HeapGrowth): from
    // 25 on keyhound runs them itself, the maximum heap left to the JVM's own choice.
    boolean from25 = jdk.feature() >= 25;
    assertEquals(1, byDefault.code(), byDefault.output());
    assertEquals("30", flag(byDefault.output(), "MinHeapFreeRatio"));
    assertEquals(from25, fullGcOnHeapGrowth(byDefault.output()), jdk.id());
    assertTrue(flagLine(byDefault.output(), "MaxHeapSize").endsWith("{ergonomic}"), jdk.id());
    assertEquals(1, withMax.code(), withMax.output());
    assertEquals("40", flag(withMax.output(), "MinHeapFreeRatio"));
    assertEquals(String.valueOf(300L << 20), flag(withMax.output(), "MaxHeapSize"));
    assertFalse(fullGcOnHeapGrowth(withMax.output()), jdk.id());
    assertEquals(1, withOwnRatio.code(), withOwnRatio.output());
    assertEquals("25", flag(withOwnRatio.output(), "MinHeapFreeRatio"));
    assertEquals(from25, fullGcOnHeapGrowth(withOwnRatio.output()), jdk.id());
    assertEquals(1, small.code(), small.output());
    assertEquals("true", flag(small.output(), "UseParallelGC"), jdk.id());
    assertFalse(fullGcOnHeapGrowth(small.output()), jdk.id());
  }

  /**
   * A collector named in KEYHOUND_JAVA_OPTS is the one the JVM runs: the launcher names none of its
   * own then (with two, the JVM would refuse to start, and with its output silenced exit 1 as if a
   * key were found, without a word).
   */
  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void aCollectorTheUserNames_isTheOneTheJvmRuns(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    List<String> scan = scanOfOneKey();
    List<String> help = List.of(scan.get(0), "protect", "--help");
    String g1 =
        "-XX:+UseG1GC -XX:+DisplayVMOutput -XX:+PrintFlagsFinal -XshowSettings:properties "
            + UNTRAINED;

    for (Map<String, String> size : List.of(Map.<String, String>of(), LARGE)) {
      // Twice: the run that records the class data and the one that maps it.
      for (int i = 0; i < 2; i++) {
        ProcessRun run = run(scan, g1, jdk, size);
        assertEquals(1, run.code(), run.output());
        assertTrue(run.output().contains("app.env"), run.output());
        assertEquals("true", flag(run.output(), "UseG1GC"), jdk.id() + " " + size);
        assertFalse(fullGcOnHeapGrowth(run.output()), jdk.id());
      }
    }
    for (int i = 0; i < 2; i++) {
      // (Unlocked: the run that records JDK 25's AOT cache silences the JVM's output.)
      ProcessRun hook =
          run(
              help,
              "-XX:+UseG1GC -XX:+UnlockDiagnosticVMOptions -XX:+DisplayVMOutput -XX:+PrintFlagsFinal "
                  + UNTRAINED,
              jdk);
      assertEquals(0, hook.code(), hook.output());
      assertEquals("true", flag(hook.output(), "UseG1GC"), jdk.id());
    }
  }

  /** A checkout's launcher scanning a folder that holds one key: the command. */
  private List<String> scanOfOneKey() throws IOException {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    return List.of(launcher.toString(), "scan", "--no-git", project.toString());
  }

  /** Whether -XshowSettings:properties shows the launcher asking for HeapGrowth. */
  private static boolean fullGcOnHeapGrowth(String output) {
    return Pattern.compile("(?m)^\\s*" + Pattern.quote(HeapGrowth.PROPERTY) + " = true$")
        .matcher(output)
        .find();
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void scan_printsOnlyTheReportOnStdoutAndNothingOfTheJvmOnStderr(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    Path err = dir.resolve("stderr.txt");
    // Twice: the run that records the class data (an AOT cache on 25) and the one that maps it.
    for (int i = 0; i < 2; i++) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  launcher.toString(), "scan", "--no-git", "--format", "json", project.toString())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.environment().remove("KEYHOUND_LAUNCHER");
      pb.environment().remove("KEYHOUND_JAVA_OPTS");
      pb.environment().put("JAVA_HOME", jdk.home().toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(5, TimeUnit.MINUTES));
      assertEquals(1, p.exitValue(), out + Files.readString(err));
      // Reading the directives (and, on 25, recording the AOT cache) makes the JVM print lines on
      // stdout unless the launcher silences them.
      JsonNode report = new ObjectMapper().readTree(out);
      assertEquals("keyhound/v1", report.path("schema").asText(), out);
      assertEquals(1, report.path("findings").size(), out);
      assertEquals("", Files.readString(err), "run " + (i + 1) + " on " + jdk);
    }
  }

  @Test
  void directives_areAcceptedByTheJvmOnTheirOwn() throws Exception {
    Path file = LauncherCheckout.realLauncher().resolveSibling(LauncherCheckout.SCAN_DIRECTIVES);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessRun version =
        run(
            List.of(
                java.toString(),
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:CompilerDirectivesFile=" + file,
                "-version"),
            "");
    assertEquals(0, version.code(), version.output());
    assertTrue(version.output().contains("1 compiler directives added"), version.output());
  }

  @Test
  void protect_keepsTheJdksArchivedHeapAndModuleGraph() throws Exception {
    // Java 17 maps the JDK archive's heap objects (and the module graph built from them) with G1
    // only: a hook JVM with another collector starts its module system from scratch, ~6 ms more.
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> plain = List.of(java.toString(), "-Xshare:auto", "-Xlog:cds=info", "-version");
    ProcessRun bare = run(plain, "");
    Assumptions.assumeTrue(
        bare.output().contains("full module graph: enabled"),
        "this JDK maps no archived module graph even with its defaults");
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    cmd.addAll(protectOptions(LauncherCheckout.realLauncher()));
    cmd.addAll(plain.subList(1, plain.size()));
    ProcessRun hook = run(cmd, "");
    assertEquals(0, hook.code(), hook.output());
    assertTrue(hook.output().contains("full module graph: enabled"), cmd + "\n" + hook.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"protect", "scan"})
  void distributionLauncher_passesTheSameOptions(String command) throws Exception {
    Path checkoutLauncher = LauncherCheckout.realLauncher();
    Path distLauncher = checkoutLauncher.resolveSibling("dist/src/bin/keyhound");
    List<String> options = options(checkoutLauncher, command);
    String expected =
        command.equals("protect") ? "-XX:TieredStopAtLevel=1" : "-XX:CompilerDirectivesFile";
    assertTrue(options.contains(expected), command + ": " + options);
    assertEquals(options, options(distLauncher, command));
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void protect_runsG1BelowJdk25AndTheSerialCollectorFrom25(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    List<String> help = List.of(launcher.toString(), "protect", "--help");
    // The first run records the class data archive (or AOT cache), the second maps it.
    assertEquals(0, run(help, "", jdk).code());

    ProcessRun flags = run(help, "-XX:+PrintFlagsFinal", jdk);

    assertEquals(0, flags.code(), flags.output());
    boolean from25 = jdk.feature() >= 25;
    assertEquals(String.valueOf(from25), flag(flags.output(), "UseSerialGC"), jdk.id());
    assertEquals(String.valueOf(!from25), flag(flags.output(), "UseG1GC"), jdk.id());
  }

  /**
   * The JVM options a launcher script adds for {@code protect} on every JDK (not those it adds for
   * some versions only), without the paths it computes.
   */
  private static List<String> protectOptions(Path script) throws IOException {
    return branchOptions(script, "if [ \"${1:-}\" = protect ]; then\n  #");
  }

  /** The JVM options a launcher script adds for a command, without the paths it computes. */
  private static List<String> options(Path script, String command) throws IOException {
    return command.equals("protect")
        ? protectOptions(script)
        : branchOptions(script, "elif [ \"${1:-}\" = scan ]; then");
  }

  private static List<String> branchOptions(Path script, String opening) throws IOException {
    String text = Files.readString(script, StandardCharsets.UTF_8);
    int start = text.indexOf(opening);
    assertTrue(start >= 0, script + " has no branch " + opening);
    int end = text.indexOf("\nelif ", start);
    String branch = text.substring(start, end >= 0 ? end : text.indexOf("\nfi\n", start));
    List<String> options = new ArrayList<>();
    Matcher m =
        Pattern.compile("-XX:[+-]?\\w+(=\\d+)?")
            .matcher(branch.replaceAll("(?m)^\\s*(#|.*\\$java_feature).*$", ""));
    while (m.find()) {
      options.add(m.group());
    }
    return options;
  }
}
