package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scan only reads. On a machine where JGit has not seen the repository's file system before (a CI
 * runner, a fleet worker's pod), JGit measures its timestamps by writing probe files into {@code
 * .git/objects} for seconds and records the result in {@code ~/.config/jgit/config}; and without
 * keyhound's settings it runs {@code git} to find the system-wide config. Each scan here runs in a
 * JVM of its own, with an empty home and config folder and a {@code git} on the PATH that leaves a
 * mark when run.
 */
class ScanWritesNothingTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"history", "--no-git"})
  void scan_writesNothingIntoTheRepositoryOrTheUsersConfig_andRunsNoGit(String how)
      throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path xdg = Files.createDirectories(tmp.resolve("xdg"));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    ProcessRun.git(repo, home, "init", "-q");
    Files.writeString(repo.resolve("app.py"), "print('hello')\n");
    ProcessRun.git(repo, home, "add", "app.py");
    ProcessRun.git(repo, home, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "one");
    Path mark = tmp.resolve("git-was-run");
    Path git = bin.resolve("git");
    Files.writeString(git, "#!/bin/sh\ntouch '" + mark + "'\nexit 1\n");
    Files.setPosixFilePermissions(git, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> before = state(repo.resolve(".git"));

    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Duser.home=" + home,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "scan",
            "--quiet");
    if (how.startsWith("--")) {
      pb.command().add(how);
    }
    pb.command().add(repo.toString());
    pb.environment().put("HOME", home.toString());
    pb.environment().put("XDG_CONFIG_HOME", xdg.toString());
    pb.environment().put("KEYHOUND_HOME", tmp.resolve("state").toString());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    ProcessRun r = ProcessRun.of(pb);

    assertEquals(0, r.code(), r.output());
    Map<String, String> after = state(repo.resolve(".git"));
    assertEquals(
        Map.of(), changed(before, after), "what the scan changed in the repository's .git");
    try (Stream<Path> s = Files.walk(xdg)) {
      assertEquals(List.of(xdg), s.toList(), "the scan wrote into the config folder");
    }
    assertFalse(Files.exists(mark), "the scan ran git");
  }

  /** The entries that differ: path to "before -> after" (absent: null). */
  private static Map<String, String> changed(
      Map<String, String> before, Map<String, String> after) {
    Map<String, String> out = new TreeMap<>();
    Set<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    for (String p : paths) {
      if (!Objects.equals(before.get(p), after.get(p))) {
        out.put(p, before.get(p) + " -> " + after.get(p));
      }
    }
    return out;
  }

  /** Every file's size and time and every folder's time (which a file made and removed changes). */
  private static Map<String, String> state(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        String time = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toString();
        out.put(
            dir.relativize(p).toString(),
            Files.isDirectory(p) ? time : Files.size(p) + " bytes, " + time);
      }
    }
    return out;
  }
}
