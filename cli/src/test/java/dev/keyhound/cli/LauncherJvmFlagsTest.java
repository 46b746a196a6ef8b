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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan through {@code ./keyhound} runs a JVM that has the launcher's compiler settings (the
 * directives file and the inlining limits) and accepts them, and the distribution's launcher passes
 * the same settings.
 */
class LauncherJvmFlagsTest {
  @TempDir Path dir;

  private static ProcessRun run(List<String> cmd, String javaOpts) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().put("KEYHOUND_JAVA_OPTS", javaOpts);
    return ProcessRun.of(pb);
  }

  /** The value -XX:+PrintFlagsFinal shows for a JVM flag. */
  private static String flag(String output, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*\\w+ " + name + "\\s+= (\\S*)").matcher(output);
    assertTrue(m.find(), name + " not in the flags:\n" + output);
    return m.group(1);
  }

  @Test
  void scan_runsTheJvmWithTheCompilerDirectivesAndStillFindsAKey() throws Exception {
    Path checkout = dir.resolve("checkout");
    Path launcher = LauncherCheckout.create(checkout);
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    // Twice: the first run records the class-data archive, the second maps it.
    for (int i = 0; i < 2; i++) {
      ProcessRun scan =
          run(
              List.of(launcher.toString(), "scan", "--no-git", project.toString()),
              "-XX:+DisplayVMOutput -XX:+PrintFlagsFinal -XX:+CompilerDirectivesPrint");
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
    assertTrue(Files.isRegularFile(checkout.resolve("cli/target/keyhound-scan.jsa")));
  }

  @Test
  void scan_keepsTheHeapTightUnlessTheUserSetsAMaximumHeap() throws Exception {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    List<String> scan = List.of(launcher.toString(), "scan", "--no-git", project.toString());
    String print = "-XX:+DisplayVMOutput -XX:+PrintFlagsFinal";

    ProcessRun byDefault = run(scan, print);
    ProcessRun withMax = run(scan, "-Xmx300m " + print);
    ProcessRun withOwnRatio = run(scan, print + " -XX:MinHeapFreeRatio=25");

    assertEquals(1, byDefault.code(), byDefault.output());
    assertEquals("30", flag(byDefault.output(), "MinHeapFreeRatio"));
    assertEquals(1, withMax.code(), withMax.output());
    assertEquals("40", flag(withMax.output(), "MinHeapFreeRatio"));
    assertEquals(String.valueOf(300L << 20), flag(withMax.output(), "MaxHeapSize"));
    assertEquals(1, withOwnRatio.code(), withOwnRatio.output());
    assertEquals("25", flag(withOwnRatio.output(), "MinHeapFreeRatio"));
  }

  @Test
  void scan_printsOnlyTheReportOnStdoutAndNothingOfTheJvmOnStderr() throws Exception {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                launcher.toString(), "scan", "--no-git", "--format", "json", project.toString())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().remove("KEYHOUND_JAVA_OPTS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    assertEquals(1, p.exitValue(), out + Files.readString(err));
    // Reading the directives makes the JVM print a line on stdout unless the launcher silences it.
    JsonNode report = new ObjectMapper().readTree(out);
    assertEquals("keyhound/v1", report.path("schema").asText(), out);
    assertEquals(1, report.path("findings").size(), out);
    assertFalse(Files.readString(err).contains("compiler directives"), Files.readString(err));
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

  /** The JVM options a launcher script adds for {@code scan}, without the paths it computes. */
  private static List<String> scanOptions(Path script) throws IOException {
    String text = Files.readString(script, StandardCharsets.UTF_8);
    int start = text.indexOf("elif [ \"${1:-}\" = scan ]; then");
    assertTrue(start >= 0, script + " has no scan branch");
    String branch = text.substring(start, text.indexOf("\nfi\n", start));
    List<String> options = new ArrayList<>();
    Matcher m =
        Pattern.compile("-XX:[+-]?\\w+(=\\d+)?").matcher(branch.replaceAll("(?m)^\\s*#.*$", ""));
    while (m.find()) {
      options.add(m.group());
    }
    return options;
  }

  @Test
  void distributionLauncher_passesTheSameScanOptions() throws Exception {
    Path checkoutLauncher = LauncherCheckout.realLauncher();
    Path distLauncher = checkoutLauncher.resolveSibling("dist/src/bin/keyhound");
    List<String> options = scanOptions(checkoutLauncher);
    assertTrue(options.contains("-XX:CompilerDirectivesFile"), options.toString());
    assertEquals(options, scanOptions(distLauncher));
  }
}
