package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One run of a real process to its end, for the tests that drive the launchers and git: exit code
 * and output (stderr merged into it), with nothing on its input, failed after five minutes.
 */
record ProcessRun(int code, String output) {
  static ProcessRun of(ProcessBuilder pb) throws IOException, InterruptedException {
    pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", pb.command()) + "\n" + out);
    }
    return new ProcessRun(p.exitValue(), out);
  }

  /**
   * Runs the git CLI in {@code cwd} without the system's configuration and with {@code home} as
   * HOME, and fails the test unless it succeeds.
   */
  static void git(Path cwd, Path home, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(args).directory(cwd.toFile());
    pb.command().add(0, "git");
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", home.toString());
    ProcessRun r = of(pb);
    assertEquals(0, r.code(), String.join(" ", pb.command()) + ": " + r.output());
  }
}
