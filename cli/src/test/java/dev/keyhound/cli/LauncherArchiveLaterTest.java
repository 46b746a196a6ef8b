package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When {@code scan}'s class data is missing, the launcher leaves its recording to a JVM of its own
 * that starts once the scan's has ended ({@code KEYHOUND_ARCHIVE=later}, the default): no scan
 * waits for it. The other launcher tests run with {@code KEYHOUND_ARCHIVE=now} (cli/pom.xml), the
 * recording during the first run that these settings replace by default.
 *
 * <p>That the first scan did not record is told without timing it: the recorder waits for the
 * scan's process to end, and then for a JVM of its own to start, train and write 38 MB, so the
 * archive cannot be there the moment the scan returns; its lock, taken before the scan started,
 * must be.
 */
class LauncherArchiveLaterTest {
  /** How long a recorder may take on a loaded machine before the test gives up on it. */
  private static final long RECORDER_MILLIS = 180_000;

  @TempDir Path dir;

  private Path launcher;

  @AfterEach
  void recorderEnded() throws IOException, InterruptedException {
    // A recorder still writing into the checkout would race JUnit's removal of the folder.
    if (launcher != null) {
      try (Stream<Path> files = Files.list(target())) {
        for (Path lock : files.filter(p -> p.toString().endsWith(".lock")).toList()) {
          awaitGone(lock);
        }
      }
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void firstScan_endsBeforeItsArchiveIsRecorded_andTheNextScanMapsIt(String which)
      throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path archive = checkout(jdk);
    Path clean = folder();
    Path lock = Path.of(archive + ".lock");

    ProcessRun first = scan(jdk, Map.of(), "", clean);

    assertEquals(0, first.code(), first.output());
    assertEquals("", first.output(), "the recorder's output must go nowhere");
    assertFalse(Files.exists(archive), "recorded during the scan: " + archive);
    assertTrue(Files.isDirectory(lock), "no recorder pending: " + lock);
    awaitGone(lock);
    assertTrue(Files.isRegularFile(archive), "not recorded after the scan: " + archive);
    assertEquals(List.of(archive), namesLike(archive), "a recorder's files were left behind");

    ProcessRun second = scan(jdk, Map.of(), "-Xlog:class+load=info", clean);

    assertEquals(0, second.code(), second.output());
    assertTrue(
        second.output().contains("dev.keyhound.cli.Main source: shared objects file"),
        second.output());
    assertFalse(Files.exists(lock), "a scan that maps the archive records none");
  }

  @Test
  void aLockWhoseRecorderIsGone_isTakenOver() throws Exception {
    TestJdk jdk = TestJdk.named("current");
    Path archive = checkout(jdk);
    Path lock = Files.createDirectories(Path.of(archive + ".lock"));
    // A recorder killed with its container: its lock names a process that has ended.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(lock.resolve("pid"), gone.pid() + "\n");
    // What it was writing when it was killed: a part of the archive, the folder it scanned.
    Files.writeString(Path.of(archive + "." + gone.pid()), "part of an archive");
    Files.createDirectories(Path.of(archive + "." + gone.pid() + ".d"));

    ProcessRun first = scan(jdk, Map.of(), "", folder());

    assertEquals(0, first.code(), first.output());
    awaitGone(lock);
    assertTrue(Files.isRegularFile(archive), "the stale lock kept the archive from being recorded");
    assertEquals(List.of(archive), namesLike(archive), "the killed recorder's files were left");
  }

  @Test
  void aJarRebuiltWhileTheRecorderRuns_discardsWhatItRecorded() throws Exception {
    TestJdk jdk = TestJdk.named("current");
    Path archive = checkout(jdk);
    Path lock = Path.of(archive + ".lock");
    Path clean = folder();

    ProcessRun first = scan(jdk, Map.of(), "", clean);
    assertEquals(0, first.code(), first.output());
    // The recorder has started once it has made the empty folder it scans; the jar is rebuilt
    // then. An archive of the old jar, newer than the new one, would be mapped by every later run
    // and refused by the JVM each time, and never recorded again.
    long deadline = System.currentTimeMillis() + RECORDER_MILLIS;
    while (namesLike(archive).stream().noneMatch(p -> p.toString().endsWith(".d"))) {
      assertTrue(
          Files.exists(lock), "the recorder ended before it was seen: " + namesLike(archive));
      assertTrue(System.currentTimeMillis() < deadline, "the recorder did not start");
      Thread.sleep(20);
    }
    Path jar = target().resolve("keyhound.jar");
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    awaitGone(lock);
    assertEquals(List.of(), namesLike(archive), "the old jar's archive was kept");

    // The next scan records the new jar's.
    ProcessRun second = scan(jdk, Map.of(), "", clean);
    assertEquals(0, second.code(), second.output());
    awaitGone(lock);
    assertTrue(Files.isRegularFile(archive), "not recorded for the new jar");
  }

  @Test
  void now_recordsDuringTheScan_offNever_andAnythingElseIsAUsageError() throws Exception {
    TestJdk jdk = TestJdk.named("current");
    Path archive = checkout(jdk);
    Path clean = folder();

    ProcessRun off = scan(jdk, Map.of("KEYHOUND_ARCHIVE", "off"), "", clean);
    assertEquals(0, off.code(), off.output());
    assertFalse(Files.exists(Path.of(archive + ".lock")), "off started a recorder");
    assertFalse(Files.exists(archive));

    ProcessRun odd = scan(jdk, Map.of("KEYHOUND_ARCHIVE", "sometimes"), "", clean);
    assertEquals(2, odd.code(), odd.output());
    assertEquals(
        "keyhound: KEYHOUND_ARCHIVE must be now, later or off, not 'sometimes'\n", odd.output());

    ProcessRun now = scan(jdk, Map.of("KEYHOUND_ARCHIVE", "now"), "", clean);
    assertEquals(0, now.code(), now.output());
    assertTrue(Files.isRegularFile(archive), "now did not record during the scan");
  }

  @Test
  void protect_recordsItsOwnArchiveDuringItsFirstRun() throws Exception {
    TestJdk jdk = TestJdk.named("current");
    launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path repo = Files.createDirectories(dir.resolve("repo"));
    ProcessRun.git(repo, dir.resolve("home"), "init", "-q");
    Files.writeString(repo.resolve("app.env"), "A=1\n");
    ProcessRun.git(repo, dir.resolve("home"), "add", "app.env");
    List<String> cmd = List.of(launcher.toString(), "protect", "--staged");
    ProcessBuilder pb = environment(new ProcessBuilder(cmd).directory(repo.toFile()), jdk, "");

    ProcessRun hook = ProcessRun.of(pb);

    assertEquals(0, hook.code(), hook.output());
    assertTrue(Files.isRegularFile(target().resolve(jdk.archive("keyhound.jsa"))), hook.output());
  }

  /** Makes the checkout the test runs; returns where scan's class data for {@code jdk} goes. */
  private Path checkout(TestJdk jdk) throws IOException {
    launcher = LauncherCheckout.create(dir.resolve("checkout"));
    return target().resolve(jdk.archive("keyhound-scan.jsa"));
  }

  private Path target() {
    return launcher.resolveSibling("cli/target");
  }

  private Path folder() throws IOException {
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Files.writeString(clean.resolve("notes.txt"), "nothing here\n");
    return clean;
  }

  /** The files beside {@code archive} whose names start with its name. */
  private static List<Path> namesLike(Path archive) throws IOException {
    try (Stream<Path> files = Files.list(archive.getParent())) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(archive.getFileName().toString()))
          .sorted()
          .toList();
    }
  }

  private static void awaitGone(Path lock) throws InterruptedException {
    long deadline = System.currentTimeMillis() + RECORDER_MILLIS;
    while (Files.exists(lock)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the recorder did not end within " + RECORDER_MILLIS + " ms");
      }
      Thread.sleep(100);
    }
  }

  private ProcessRun scan(TestJdk jdk, Map<String, String> env, String javaOpts, Path target)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "scan", "--quiet", "--no-git"));
    cmd.add(target.toString());
    ProcessBuilder pb = environment(new ProcessBuilder(cmd), jdk, javaOpts);
    pb.environment().putAll(env);
    return ProcessRun.of(pb);
  }

  /** The tests' environment without the setting under test, on {@code jdk}. */
  private ProcessBuilder environment(ProcessBuilder pb, TestJdk jdk, String javaOpts) {
    LauncherCheckout.environment(pb, jdk, javaOpts);
    pb.environment().remove("KEYHOUND_ARCHIVE");
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put("KEYHOUND_HOME", dir.resolve("kh-state").toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    return pb;
  }
}
