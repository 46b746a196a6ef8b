package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers run {@code $JAVA_HOME/bin/java} when JAVA_HOME names a JDK, else {@code java} on
 * PATH (followed through its links to find the JDK's version), and say so in one line when there is
 * neither; the distribution's launcher chooses its java with the very same lines.
 */
class LauncherJavaSelectionTest {
  @TempDir Path dir;

  /** Runs the checkout's launcher with exactly this environment (PATH included). */
  private static ProcessRun run(Path launcher, Map<String, String> env, String... args)
      throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().clear();
    // The first scan records its class data during the run, as the tests below expect to find it
    // after (LauncherArchiveLaterTest checks the default, recording in the background after it).
    pb.environment().put("KEYHOUND_ARCHIVE", "now");
    pb.environment().putAll(env);
    return ProcessRun.of(pb);
  }

  /** A folder of links to the tools the launcher needs, without java: a PATH to build on. */
  private Path toolsWithoutJava() throws IOException {
    return tools("tools", "readlink");
  }

  /** A folder of links to the tools the launcher needs, without java, with {@code extra}. */
  private Path tools(String folder, String... extra) throws IOException {
    Path bin = Files.createDirectories(dir.resolve(folder));
    List<String> tools = new java.util.ArrayList<>(List.of("bash", "env", "dirname", "find"));
    tools.addAll(List.of("mkdir", "mv", "rm", "git"));
    tools.addAll(List.of(extra));
    for (String tool : tools) {
      for (String d : List.of("/usr/bin", "/bin")) {
        Path p = Path.of(d, tool);
        if (Files.isExecutable(p) && !Files.exists(bin.resolve(tool))) {
          Files.createSymbolicLink(bin.resolve(tool), p);
        }
      }
    }
    return bin;
  }

  private Map<String, String> env(String path) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", path);
    env.put("HOME", dir.resolve("home").toString());
    env.put("KEYHOUND_HOME", dir.resolve("state").toString());
    // The JVM names its version on stderr before keyhound runs.
    env.put("KEYHOUND_JAVA_OPTS", "-showversion");
    return env;
  }

  /**
   * The feature version in the first line -showversion prints ({@code openjdk version "25.0.3"}).
   */
  private static int shownFeature(String output) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^\\S+ version \"(\\d+)").matcher(output);
    assertTrue(m.find(), output);
    return Integer.parseInt(m.group(1));
  }

  /** A PATH folder whose {@code java} is a link to {@code target}. */
  private Path pathWithJavaTo(Path target) throws IOException {
    Path path = Files.createDirectories(dir.resolve("path"));
    Files.createSymbolicLink(path.resolve("java"), target);
    return path;
  }

  /** Runs {@code keyhound --version} and checks that it ran on {@code expected}. */
  private static void assertRunsOn(TestJdk expected, Path launcher, Map<String, String> env)
      throws Exception {
    ProcessRun version = run(launcher, env, "--version");
    assertEquals(0, version.code(), version.output());
    assertEquals(expected.feature(), shownFeature(version.output()), version.output());
  }

  @Test
  void javaHome_isPreferredToJavaOnPath() throws Exception {
    TestJdk jdk25 = TestJdk.named("25");
    TestJdk current = TestJdk.named("current");
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Map<String, String> env = env(pathWithJavaTo(current.java()) + ":" + toolsWithoutJava());
    env.put("JAVA_HOME", jdk25.home().toString());

    assertRunsOn(jdk25, launcher, env);
  }

  @Test
  void javaHomeWithoutJava_fallsBackToJavaOnPath() throws Exception {
    TestJdk current = TestJdk.named("current");
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Map<String, String> env = env(pathWithJavaTo(current.java()) + ":" + toolsWithoutJava());
    env.put("JAVA_HOME", Files.createDirectories(dir.resolve("not-a-jdk")).toString());

    assertRunsOn(current, launcher, env);
  }

  @Test
  void javaOnPathThroughRelativeLinks_isKnownAsJdk25AndRecordsItsAotCache() throws Exception {
    TestJdk jdk25 = TestJdk.named("25");
    Path checkout = dir.resolve("checkout");
    Path launcher = LauncherCheckout.create(checkout);
    // bin/java -> ../alternatives/java -> the JDK's bin/java, as Debian's alternatives lay it out.
    Path alternatives = Files.createDirectories(dir.resolve("alternatives"));
    Files.createSymbolicLink(alternatives.resolve("java"), jdk25.java());
    Path path = pathWithJavaTo(Path.of("../alternatives/java"));
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("notes.txt"), "nothing here\n");
    Map<String, String> env = env(path + ":" + toolsWithoutJava());
    env.remove("KEYHOUND_JAVA_OPTS");

    ProcessRun scan = run(launcher, env, "scan", "--no-git", project.toString());

    assertEquals(0, scan.code(), scan.output());
    Path target = checkout.resolve("cli/target");
    assertTrue(Files.isRegularFile(target.resolve(jdk25.archive("keyhound-scan.jsa"))));
    assertTrue(Files.notExists(target.resolve("keyhound-scan.jsa")));
  }

  @Test
  void theJdkALinkLeadsTo_isRememberedUntilTheLinkPointsElsewhere() throws Exception {
    TestJdk current = TestJdk.named("current");
    TestJdk jdk25 = TestJdk.named("25");
    Path checkout = dir.resolve("checkout");
    Path launcher = LauncherCheckout.create(checkout);
    Path path = pathWithJavaTo(current.java());
    Path link = path.resolve("java");

    assertRunsOn(current, launcher, env(path + ":" + toolsWithoutJava()));

    Path memo = checkout.resolve("cli/target/keyhound-java.memo");
    assertEquals(link + "\t" + current.java() + "\n", Files.readString(memo));

    // With no readlink on PATH the launcher can know the JDK only from what it remembered.
    Map<String, String> noReadlink = env(path + ":" + tools("bare"));
    ProcessRun remembered = run(launcher, noReadlink, "scan", "--no-git", dir.toString());
    assertTrue(remembered.code() <= 1, remembered.output());
    assertEquals(current.feature(), shownFeature(remembered.output()), remembered.output());

    // The link now leads to another JDK: what was remembered is not the same file any more.
    Files.delete(link);
    Files.createSymbolicLink(link, jdk25.java());
    assertRunsOn(jdk25, launcher, env(path + ":" + toolsWithoutJava()));
    assertEquals(link + "\t" + jdk25.java() + "\n", Files.readString(memo));
  }

  @Test
  void noJava_isOneLineAndExit4() throws Exception {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Map<String, String> env = env(toolsWithoutJava().toString());

    ProcessRun none = run(launcher, env, "--version");

    assertEquals(4, none.code(), none.output());
    assertEquals(
        "keyhound: Java 17 or later is needed: set JAVA_HOME or put java on PATH\n", none.output());
  }

  /** The lines between a launcher's "Which java" markers. */
  private static String javaSelection(Path script) throws IOException {
    String text = Files.readString(script, StandardCharsets.UTF_8);
    int start = text.indexOf("# --- Which java");
    int end = text.indexOf("# --- end of which java ---");
    assertTrue(start >= 0 && end > start, script + " has no java selection section");
    // The first line names the other launcher.
    return text.substring(text.indexOf('\n', start), end);
  }

  @Test
  void distributionLauncher_choosesItsJavaWithTheSameLines() throws IOException {
    Path checkoutLauncher = LauncherCheckout.realLauncher();
    Path distLauncher = checkoutLauncher.resolveSibling("dist/src/bin/keyhound");

    assertEquals(javaSelection(checkoutLauncher), javaSelection(distLauncher));
  }
}
