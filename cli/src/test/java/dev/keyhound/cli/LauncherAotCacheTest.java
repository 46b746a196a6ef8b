package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.Keys;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On JDK 25 and later the launcher records an AOT cache (classes loaded and linked, method
 * profiles) on the first {@code scan} or {@code protect} after a build and maps it afterwards, in
 * place of JDK 17's dynamic archive: keyhound prints the same as on the JDK running the tests,
 * nothing of the JVM reaches stderr, and a cache the JVM refuses or that is older than the jar is
 * recorded again. Skipped, with a message, where no JDK 25+ is found.
 */
class LauncherAotCacheTest {
  @TempDir Path dir;

  private TestJdk jdk25;
  private Path checkout;
  private Path launcher;
  private Path project;

  /**
   * For the tests of a cache's recovery: the recording runs skip the archive's training on sample
   * documents (KEYHOUND_JAVA_OPTS comes after the launcher's own -D), which the first two tests
   * keep and which would triple these tests' time without testing anything more of the launcher.
   */
  private static final String UNTRAINED = "-Dkeyhound.train-archive=false";

  private record Run(int code, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    jdk25 = TestJdk.named("25");
    checkout = dir.resolve("checkout");
    launcher = LauncherCheckout.create(checkout);
    project = Files.createDirectories(dir.resolve("project"));
    Files.writeString(project.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
  }

  private Run keyhound(TestJdk jdk, Path cwd, String javaOpts, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(cwd.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    for (String name :
        List.of("KEYHOUND_LAUNCHER", "KEYHOUND_STAGED_DIFF_FD", "KEYHOUND_TRACE_STARTUP")) {
      env.remove(name);
    }
    env.put("JAVA_HOME", jdk.home().toString());
    env.put("KEYHOUND_JAVA_OPTS", javaOpts);
    env.put("HOME", dir.resolve("home").toString());
    env.put("KEYHOUND_HOME", dir.resolve("state").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private Run scan(TestJdk jdk, String javaOpts) throws Exception {
    return keyhound(jdk, dir, javaOpts, "scan", "--no-git", "--format", "json", project.toString());
  }

  private Path cache(String jsaName) {
    return checkout.resolve("cli/target").resolve(jdk25.archive(jsaName));
  }

  /** Whether keyhound's own classes came from a shared archive (never the JDK's default one). */
  private static boolean mappedKeyhound(Run run) {
    return run.out().contains("dev.keyhound.cli.Main source: shared objects file");
  }

  /** A JSON report without the fields that change from run to run. */
  private static String stable(String json) {
    return json.replaceAll("\"duration_ms\" : \\d+", "\"duration_ms\" : 0")
        .replaceAll("\"generated_at\" : \"[^\"]*\"", "\"generated_at\" : \"\"");
  }

  @Test
  void scan_recordsTheCacheOnTheFirstRunAndMapsItOnTheSecond() throws Exception {
    Run first = scan(jdk25, "");

    assertEquals(1, first.code(), first.err());
    assertEquals("", first.err());
    assertTrue(Files.isRegularFile(cache("keyhound-scan.jsa")), "no " + cache("keyhound-scan.jsa"));
    assertTrue(Files.notExists(checkout.resolve("cli/target/keyhound-scan.jsa")));
    try (var left = Files.list(checkout.resolve("cli/target"))) {
      // No recording's temporary files are left behind.
      assertEquals(
          List.of(),
          left.map(p -> p.getFileName().toString())
              .filter(n -> n.contains(".aot.") && !n.endsWith(".aot.log"))
              .toList());
    }

    Run second = scan(jdk25, "-Xlog:class+load");

    assertEquals(1, second.code(), second.err());
    assertTrue(mappedKeyhound(second), second.out());
  }

  @Test
  void scanAndProtect_printWhatTheyPrintOnTheCurrentJdk_andNothingOfTheJvm() throws Exception {
    TestJdk current = TestJdk.named("current");
    Path repo = Files.createDirectories(dir.resolve("repo"));
    for (List<String> git :
        List.of(
            List.of("git", "init", "-q"),
            List.of("git", "add", "-A"),
            List.of(
                "git",
                "-c",
                "user.name=A",
                "-c",
                "user.email=a@example.com",
                "commit",
                "-qm",
                "s"))) {
      if (git.get(1).equals("add")) {
        Files.writeString(repo.resolve("app.py"), "name = 'app'\n");
      }
      assertEquals(0, new ProcessBuilder(git).directory(repo.toFile()).start().waitFor());
    }
    Files.writeString(repo.resolve("app.py"), "name = 'app'\ntoken = '" + Keys.issuer() + "'\n");
    assertEquals(
        0, new ProcessBuilder("git", "add", "-A").directory(repo.toFile()).start().waitFor());

    Run scanBefore = scan(current, "");
    Run protectBefore = keyhound(current, repo, "", "protect", "--staged");
    // Recording, then mapping, on 25.
    for (int i = 0; i < 2; i++) {
      Run scan = scan(jdk25, "");
      Run protect = keyhound(jdk25, repo, "", "protect", "--staged");

      assertEquals(
          new Run(1, stable(scanBefore.out()), ""),
          new Run(scan.code(), stable(scan.out()), scan.err()));
      assertEquals(protectBefore, protect);
      assertEquals(1, protect.code());
      assertTrue(protect.err().contains("app.py:2"), protect.err());
    }
    assertTrue(Files.isRegularFile(cache("keyhound.jsa")), "protect's cache");
    Run mapped = keyhound(jdk25, repo, "-Xlog:class+load", "protect", "--staged");
    assertTrue(mappedKeyhound(mapped), mapped.out());
  }

  @Test
  void aCacheTheJvmRefuses_isIgnoredQuietlyAndRecordedAgain() throws Exception {
    assertEquals(1, scan(jdk25, UNTRAINED).code());
    Path cache = cache("keyhound-scan.jsa");
    byte[] noise = new byte[200_000];
    new Random(7).nextBytes(noise);
    Files.write(cache, noise);

    Run refused = scan(jdk25, UNTRAINED);

    assertEquals(1, refused.code(), refused.err());
    assertEquals("", refused.err());
    assertTrue(refused.out().contains("\"schema\" : \"keyhound/v1\""), refused.out());
    assertTrue(Files.size(cache.resolveSibling(cache.getFileName() + ".log")) > 0);

    Run again = scan(jdk25, UNTRAINED);

    assertEquals(1, again.code(), again.err());
    assertEquals("", again.err());
    assertNotEquals(noise.length, Files.size(cache));
    assertFalse(Files.exists(cache.resolveSibling(cache.getFileName() + ".log")));
    assertTrue(mappedKeyhound(scan(jdk25, UNTRAINED + " -Xlog:class+load")));
  }

  @Test
  void aCacheRecordedUnderOtherJvmFlags_isIgnoredQuietlyAndRecordedAgain() throws Exception {
    assertEquals(1, scan(jdk25, UNTRAINED).code());
    Path cache = cache("keyhound-scan.jsa");
    FileTime recorded = Files.getLastModifiedTime(cache);

    // Compact object headers change the layout the cache was written for: the JVM refuses it.
    Run other = scan(jdk25, UNTRAINED + " -XX:+UseCompactObjectHeaders");

    assertEquals(1, other.code(), other.err());
    assertEquals("", other.err());
    Run next = scan(jdk25, UNTRAINED);
    assertEquals("", next.err());
    assertNotEquals(recorded, Files.getLastModifiedTime(cache));
    assertTrue(mappedKeyhound(scan(jdk25, UNTRAINED + " -Xlog:class+load")));
  }

  @Test
  void aCacheOlderThanTheJar_isRecordedAgain() throws Exception {
    assertEquals(1, scan(jdk25, UNTRAINED).code());
    Path cache = cache("keyhound-scan.jsa");
    Path jar = checkout.resolve("cli/target/keyhound.jar");
    Files.setLastModifiedTime(
        cache, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
    FileTime stale = Files.getLastModifiedTime(cache);

    Run rebuilt = scan(jdk25, UNTRAINED);

    assertEquals(1, rebuilt.code(), rebuilt.err());
    assertEquals("", rebuilt.err());
    assertTrue(Files.getLastModifiedTime(cache).compareTo(stale) > 0);
    assertTrue(mappedKeyhound(scan(jdk25, UNTRAINED + " -Xlog:class+load")));
  }
}
