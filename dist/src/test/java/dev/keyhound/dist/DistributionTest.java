package dev.keyhound.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a new user meets it: unpacked in a temporary folder, run through {@code
 * bin/keyhound} with a PATH that has Java's tools but no Maven.
 */
class DistributionTest {
  private static final String VERSION = System.getProperty("keyhound.version");
  private static final Path TARGET = Path.of(System.getProperty("keyhound.dist.dir"));
  @TempDir Path tmp;
  Path home;
  Path path;

  private record Run(int code, String out) {}

  /** The links point outside the temp folder: remove them before JUnit deletes it (no warning). */
  @org.junit.jupiter.api.AfterEach
  void unlink() throws IOException {
    try (Stream<Path> links = Files.list(path)) {
      for (Path l : links.toList()) {
        Files.delete(l);
      }
    }
  }

  @BeforeEach
  void unpack() throws Exception {
    Path tgz = TARGET.resolve("keyhound-" + VERSION + ".tar.gz");
    assertTrue(Files.isRegularFile(tgz), "mvn package did not build " + tgz);
    assertEquals(0, run(List.of("tar", "xzf", tgz.toString(), "-C", tmp.toString()), null).code());
    home = tmp.resolve("keyhound-" + VERSION);
    // Only the tools the launcher and git need; Maven is not among them.
    path = Files.createDirectories(tmp.resolve("path"));
    for (String tool :
        List.of(
            "bash",
            "env",
            "dirname",
            "readlink",
            "mkdir",
            "mv",
            "rm",
            "basename",
            "sleep",
            "git")) {
      for (String dir : List.of("/usr/bin", "/bin")) {
        Path p = Path.of(dir, tool);
        if (Files.isExecutable(p) && !Files.exists(path.resolve(tool))) {
          Files.createSymbolicLink(path.resolve(tool), p);
        }
      }
    }
  }

  private Run run(List<String> cmd, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  private Run keyhound(String... args) throws Exception {
    return keyhoundWithJavaOpts("", args);
  }

  private Run keyhoundWithJavaOpts(String javaOpts, String... args) throws Exception {
    return keyhoundOn(Path.of(System.getProperty("java.home")), javaOpts, args);
  }

  private Run keyhoundOn(Path javaHome, String javaOpts, String... args) throws Exception {
    return keyhoundWith(Map.of("JAVA_HOME", javaHome.toString()), javaOpts, args);
  }

  /** The installed launcher with this environment added to the tests' own. */
  private Run keyhoundWith(Map<String, String> env, String javaOpts, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/keyhound").toString()));
    cmd.addAll(Arrays.asList(args));
    Map<String, String> all =
        new java.util.HashMap<>(
            Map.of(
                "PATH", path.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "HOME", tmp.resolve("user").toString(),
                "KEYHOUND_HOME", tmp.resolve("state").toString(),
                // The first scan records its class data during the run, where the tests look for it
                // (by default a JVM of its own records it in the background after the run).
                "KEYHOUND_ARCHIVE", "now",
                "KEYHOUND_JAVA_OPTS", javaOpts));
    all.putAll(env);
    return run(cmd, all);
  }

  /** The JDK 25 or later to run on; the test is skipped, with a message, where there is none. */
  private static Path jdk25OrSkip() throws IOException {
    Optional<Path> jdk25 = jdk25();
    Assumptions.assumeTrue(
        jdk25.isPresent(),
        "no JDK 25 or later: set -Dkeyhound.test.jdk25=JAVA_HOME; JDK 25 variant skipped");
    return jdk25.get();
  }

  /** A JDK 25 or later: -Dkeyhound.test.jdk25=JAVA_HOME, else one in /usr/lib/jvm/*25*. */
  private static Optional<Path> jdk25() throws IOException {
    String given = System.getProperty("keyhound.test.jdk25", "");
    if (!given.isBlank()) {
      return Optional.of(Path.of(given));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(h -> h.getFileName().toString().contains("25"))
          .filter(h -> Files.isExecutable(h.resolve("bin/java")))
          .sorted()
          .findFirst();
    }
  }

  @Test
  void launcher_onJdk25_recordsAnAotCacheAndMapsIt_printingTheSameReport() throws Exception {
    Path jdk25 = jdk25OrSkip();
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("notes.txt"), "nothing to see\n");
    Run before = keyhound("scan", "--no-git", project.toString());

    // The first run records the cache, the second maps it; keyhound's classes come from it.
    Run recording = keyhoundOn(jdk25, "", "scan", "--no-git", project.toString());
    Run mapped = keyhoundOn(jdk25, "-Xlog:class+load", "scan", "--no-git", project.toString());

    assertEquals(0, recording.code(), recording.out());
    assertEquals(
        before.out().replaceAll("in \\d+ ms", ""), recording.out().replaceAll("in \\d+ ms", ""));
    assertEquals(0, mapped.code(), mapped.out());
    assertTrue(
        mapped.out().contains("dev.keyhound.cli.Main source: shared objects file"), mapped.out());
    try (Stream<Path> cached = Files.list(tmp.resolve("user/.cache/keyhound"))) {
      List<String> names = cached.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().anyMatch(n -> n.matches(".*-scan-.*25.*\\.aot")), names.toString());
    }
  }

  @Test
  void scan_onJdk25_runsTheFullCollectionsItsSerialCollectorSkips_unlessTheUserSetsAMaximumHeap()
      throws Exception {
    Path jdk25 = jdk25OrSkip();
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("notes.txt"), "nothing to see\n");
    String show = "-XshowSettings:properties";
    Pattern asked = Pattern.compile("(?m)^\\s*keyhound\\.full-gc-on-heap-growth = true$");

    Run current = keyhoundWithJavaOpts(show, "scan", "--no-git", project.toString());
    Run on25 = keyhoundOn(jdk25, show, "scan", "--no-git", project.toString());
    Run withMax = keyhoundOn(jdk25, "-Xmx300m " + show, "scan", "--no-git", project.toString());

    // The JDK running the tests (17 on this project's machines) is left as it was below 25.
    assertEquals(0, current.code(), current.out());
    assertEquals(
        Runtime.version().feature() >= 25, asked.matcher(current.out()).find(), current.out());
    assertEquals(0, on25.code(), on25.out());
    assertTrue(asked.matcher(on25.out()).find(), on25.out());
    assertEquals(0, withMax.code(), withMax.out());
    assertFalse(asked.matcher(withMax.out()).find(), withMax.out());
  }

  @Test
  void unpacked_holdsLauncherJarsReadmeAndBundledLicences() throws Exception {
    assertTrue(Files.isExecutable(home.resolve("bin/keyhound")));
    assertTrue(Files.isRegularFile(home.resolve("lib/keyhound.jar")));
    assertTrue(Files.isRegularFile(home.resolve("lib/keyhound-hook.jar")));
    assertTrue(Files.isRegularFile(home.resolve("lib/scan-directives.json")));
    // The rule the launcher sources to size a scan: the checkout's own file, byte for byte.
    assertEquals(
        Files.readString(TARGET.resolve("../../cli/src/jvm/scan-size.sh").normalize()),
        Files.readString(home.resolve("lib/scan-size.sh")));
    // And how it records class data, likewise.
    assertEquals(
        Files.readString(TARGET.resolve("../../cli/src/jvm/class-data.sh").normalize()),
        Files.readString(home.resolve("lib/class-data.sh")));
    // The rules module alone, with its pack, which bin/keyhound puts first for protect.
    try (ZipFile rules = new ZipFile(home.resolve("lib/keyhound-rules.jar").toFile())) {
      assertTrue(rules.getEntry("dev/keyhound/rules/RuleLoader.class") != null);
      assertTrue(rules.getEntry("dev/keyhound/rules/builtin.pack") != null);
      assertTrue(rules.getEntry("dev/keyhound/rules/builtin.toml") != null);
      assertTrue(rules.size() < 100, "entries: " + rules.size());
    }
    assertTrue(Files.isRegularFile(home.resolve("README.md")));
    String bundled = Files.readString(home.resolve("licenses/bundled-dependencies.txt"));
    assertTrue(bundled.contains("org.eclipse.jgit:org.eclipse.jgit:jar"), bundled);
    try (Stream<Path> dirs = Files.list(home.resolve("licenses"))) {
      Set<String> names = new TreeSet<>();
      dirs.forEach(d -> names.add(d.getFileName().toString()));
      assertTrue(names.stream().anyMatch(n -> n.startsWith("tika-core")), names.toString());
      assertTrue(names.size() > 10, names.toString());
    }
  }

  @Test
  void zip_holdsTheSameFilesAsTheTarball() throws Exception {
    Run listing =
        run(
            List.of("tar", "tzf", TARGET.resolve("keyhound-" + VERSION + ".tar.gz").toString()),
            null);
    Set<String> tar = new TreeSet<>();
    for (String line : listing.out().split("\n")) {
      if (!line.isBlank() && !line.endsWith("/")) {
        tar.add(line.strip());
      }
    }
    Set<String> zip = new TreeSet<>();
    try (ZipFile z = new ZipFile(TARGET.resolve("keyhound-" + VERSION + ".zip").toFile())) {
      Collections.list(z.entries()).stream()
          .filter(e -> !e.isDirectory())
          .forEach(e -> zip.add(e.getName()));
    }
    assertEquals(tar, zip);
  }

  @Test
  void launcher_runsVersionAndAScanWithoutMaven() throws Exception {
    assertNotEquals(
        0,
        run(
                List.of(path.resolve("bash").toString(), "-c", "command -v mvn"),
                Map.of("PATH", path.toString()))
            .code(),
        "mvn is on the test PATH");
    Run version = keyhound("--version");
    assertEquals(0, version.code(), version.out());
    assertTrue(version.out().contains(VERSION), version.out());

    Run mint = keyhound("keys", "mint");
    assertEquals(0, mint.code(), mint.out());
    String key = mint.out().strip();
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("app.env"), "API_KEY=" + key + "\n");
    // Twice: the first run records the class-data archive, the second maps it.
    for (int i = 0; i < 2; i++) {
      Run scan = keyhound("scan", project.toString(), "--format", "json");
      assertEquals(1, scan.code(), scan.out());
      assertTrue(scan.out().contains("\"schema\" : \"keyhound/v1\""), scan.out());
    }
    try (Stream<Path> cached = Files.list(tmp.resolve("user/.cache/keyhound"))) {
      assertTrue(cached.anyMatch(p -> p.toString().endsWith("-scan.jsa")));
    }
  }

  @Test
  void firstScan_leavesItsArchiveToARecorderThatRunsAfterIt() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("notes.txt"), "nothing to see\n");
    Path cache = tmp.resolve("user/.cache/keyhound");

    // The default: the scan runs as any other, and a JVM of its own records the archive once it
    // has ended (its lock taken before the scan started; the archive cannot be there yet).
    Run first = keyhoundWith(Map.of("KEYHOUND_ARCHIVE", "later"), "", "scan", project.toString());

    assertEquals(0, first.code(), first.out());
    assertTrue(first.out().contains("no leaks found"), first.out());
    Path lock;
    try (Stream<Path> cached = Files.list(cache)) {
      List<String> names = cached.map(p -> p.getFileName().toString()).sorted().toList();
      assertFalse(names.stream().anyMatch(n -> n.endsWith("-scan.jsa")), names.toString());
      lock =
          cache.resolve(
              names.stream().filter(n -> n.endsWith("-scan.jsa.lock")).findFirst().orElseThrow());
    }
    long deadline = System.currentTimeMillis() + 180_000;
    while (Files.exists(lock) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertFalse(Files.exists(lock), "the recorder did not end");
    try (Stream<Path> cached = Files.list(cache)) {
      List<String> names =
          cached.map(p -> p.getFileName().toString()).filter(n -> n.contains("-scan.jsa")).toList();
      assertEquals(1, names.size(), names.toString());
      assertTrue(names.get(0).endsWith("-scan.jsa"), names.toString());
    }

    Run second =
        keyhoundWith(
            Map.of("KEYHOUND_ARCHIVE", "later"),
            "-Xlog:class+load=info",
            "scan",
            "--quiet",
            project.toString());
    assertEquals(0, second.code(), second.out());
    assertTrue(
        second.out().contains("dev.keyhound.cli.Main source: shared objects file"), second.out());
  }

  @Test
  void historyScan_findsTheWalksClassesInTheArchive_thatAFolderScanRecorded() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("notes.txt"), "nothing to see\n");
    // The first scan after installing reads a folder: it records the archive, and its training
    // scans a made-up history as well.
    Run recording = keyhound("scan", "--no-git", project.toString());
    assertEquals(0, recording.code(), recording.out());
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve("app.py"), "print('hello')\n");
    Map<String, String> git =
        Map.of("PATH", path.toString(), "HOME", tmp.resolve("user").toString());
    for (List<String> cmd :
        List.of(
            List.of("git", "init", "-q", repo.toString()),
            List.of("git", "-C", repo.toString(), "add", "."),
            List.of(
                "git",
                "-C",
                repo.toString(),
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t.invalid",
                "commit",
                "-qm",
                "start"))) {
      List<String> full = new ArrayList<>(cmd);
      full.set(0, path.resolve("git").toString());
      assertEquals(0, run(full, git).code(), cmd.toString());
    }
    Run history =
        keyhoundWithJavaOpts("-Xlog:class+load", "scan", "--no-worktree", repo.toString());
    assertEquals(0, history.code(), history.out());
    for (String type :
        List.of("dev.keyhound.scanner.git.GitHistorySource", "org.eclipse.jgit.revwalk.RevWalk")) {
      assertTrue(
          history.out().contains(type + " source: shared objects file"),
          type + "\n" + history.out());
    }
  }

  @Test
  void scan_passesTheShippedCompilerDirectivesToTheJvm() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("notes.txt"), "nothing to see\n");
    Run scan =
        keyhoundWithJavaOpts(
            "-XX:+DisplayVMOutput -XX:+PrintFlagsFinal -XX:+CompilerDirectivesPrint",
            "scan",
            "--no-git",
            project.toString());
    assertEquals(0, scan.code(), scan.out());
    String lib = home.resolve("lib/scan-directives.json").toRealPath().toString();
    assertTrue(
        Pattern.compile("(?m)^\\s*ccstr CompilerDirectivesFile\\s+= " + Pattern.quote(lib) + "\\s")
            .matcher(scan.out())
            .find(),
        scan.out());
    // Parsed: the detector build's automata (dk.brics) are kept from C2.
    assertTrue(
        Pattern.compile("(?s)matching: [^\\n]*dk/brics/.*? c2 directives:.*?Exclude:true")
            .matcher(scan.out())
            .find(),
        scan.out());
  }

  @Test
  void scan_runsC1OnlyForASmallFolder_whenFindAndAwkCanMeasureIt() throws Exception {
    Path project = Files.createDirectories(tmp.resolve("project"));
    Files.writeString(project.resolve("notes.txt"), "nothing to see\n");
    String print = "-XX:+DisplayVMOutput -XX:+PrintFlagsFinal";
    List<String> scan = List.of("scan", "--no-git", project.toString());
    // The first run records the class-data archive, with the tiered compilers.
    assertEquals(0, keyhound(scan.toArray(String[]::new)).code());

    Run withoutTools = keyhoundWithJavaOpts(print, scan.toArray(String[]::new));
    for (String tool : List.of("find", "awk")) {
      Files.createSymbolicLink(path.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
    }
    Run small = keyhoundWithJavaOpts(print, scan.toArray(String[]::new));
    Run never =
        keyhoundWith(Map.of("KEYHOUND_SMALL_SCAN_MB", "0"), print, scan.toArray(String[]::new));

    assertEquals(0, withoutTools.code(), withoutTools.out());
    assertEquals("4", tieredStopAtLevel(withoutTools.out()));
    assertTrue(!withoutTools.out().contains("not found"), withoutTools.out());
    assertEquals(0, small.code(), small.out());
    assertEquals("1", tieredStopAtLevel(small.out()));
    assertEquals(0, never.code(), never.out());
    assertEquals("4", tieredStopAtLevel(never.out()));
  }

  private static String tieredStopAtLevel(String out) {
    java.util.regex.Matcher m =
        Pattern.compile("(?m)^\\s*intx TieredStopAtLevel\\s+= (\\d+)").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }
}
