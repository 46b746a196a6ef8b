package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./keyhound} rebuilds its jar when a file that goes into it (a module's main code or
 * resources, a pom) is newer than the jar, and only then: it checks on every commit through the
 * hook, so it walks no more than those. Maven here is a stand-in script on PATH that notes it was
 * asked to build and fails, so the test sees the launcher's decision without running a build.
 */
class LauncherRebuildTest {
  @TempDir Path dir;

  private Path checkout;
  private Path launcher;
  private Path built;

  @BeforeEach
  void checkout() throws IOException {
    checkout = dir.resolve("checkout");
    launcher = LauncherCheckout.create(checkout);
    Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
    for (String module : new String[] {"rules", "cli"}) {
      Files.writeString(
          Files.createDirectories(checkout.resolve(module)).resolve("pom.xml"), "<project/>\n");
      Files.createDirectories(checkout.resolve(module + "/src/main/java"));
    }
    Path bin = Files.createDirectories(dir.resolve("bin"));
    built = dir.resolve("mvn-was-run");
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho \"$PWD $*\" > '" + built + "'\nexit 3\n");
    assertTrue(mvn.toFile().setExecutable(true));
    // Every file above is older than the jar, as after a build.
    FileTime before = FileTime.from(Instant.now().minusSeconds(3600));
    try (var files = Files.walk(checkout)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setLastModifiedTime(p, before);
      }
    }
    Files.setLastModifiedTime(
        checkout.resolve("cli/target/keyhound.jar"), FileTime.from(Instant.now()));
  }

  private ProcessRun version() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version");
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("HOME", dir.resolve("home").toString());
    return ProcessRun.of(pb);
  }

  /** Writes a file in the checkout, newer than the jar. */
  private void touch(String path) throws IOException {
    Path file = checkout.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "changed\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
  }

  @Test
  void upToDateJar_runsWithoutBuilding() throws Exception {
    ProcessRun r = version();

    assertEquals(0, r.code(), r.output());
    assertFalse(Files.exists(built), r.output());
    assertFalse(r.output().contains("building"), r.output());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rules/src/main/java/dev/keyhound/rules/Changed.java",
        "cli/src/main/resources/dev/keyhound/cli/changed.properties",
        "pom.xml",
        "rules/pom.xml"
      })
  void whatGoesIntoTheJar_changed_triggersABuildInTheCheckout(String path) throws Exception {
    touch(path);

    ProcessRun r = version();

    assertEquals(4, r.code(), r.output());
    assertTrue(
        r.output().contains("keyhound: building (first run or sources changed)"), r.output());
    assertTrue(r.output().contains("keyhound: build failed"), r.output());
    String call = Files.readString(built);
    assertTrue(call.startsWith(checkout.toRealPath() + " "), call);
    assertTrue(call.contains("-pl cli -am package"), call);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rules/src/test/java/dev/keyhound/rules/ChangedTest.java",
        "rules/target/classes/Changed.java",
        "bench/Changed.java",
        "README.md"
      })
  void filesOutsideTheJar_changed_doNotTriggerABuild(String path) throws Exception {
    touch(path);

    ProcessRun r = version();

    assertEquals(0, r.code(), r.output());
    assertFalse(Files.exists(built), r.output());
  }

  @Test
  void missingJar_triggersABuild() throws Exception {
    Files.delete(checkout.resolve("cli/target/keyhound.jar"));

    ProcessRun r = version();

    assertEquals(4, r.code(), r.output());
    assertTrue(Files.exists(built), r.output());
  }

  @Test
  void launcherReachedThroughARelativeSymlink_findsItsCheckout() throws Exception {
    Path link = Files.createDirectories(dir.resolve("links")).resolve("keyhound");
    Files.createSymbolicLink(link, link.getParent().relativize(launcher));
    touch("rules/src/main/java/dev/keyhound/rules/Changed.java");

    ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version");
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    ProcessRun r = ProcessRun.of(pb);

    assertEquals(4, r.code(), r.output());
    assertTrue(Files.readString(built).startsWith(checkout.toRealPath() + " "));
  }
}
