package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the real git (or a shell line) in a test repository and fails the test when it fails. */
final class GitShell {
  private final Path dir;

  GitShell(Path dir) {
    this.dir = dir;
  }

  /** {@code git ARGS} with a fixed identity; returns stdout. */
  String git(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.com",
                "-c",
                "protocol.file.allow=always"));
    cmd.addAll(List.of(args));
    return run(cmd, Map.of());
  }

  /** A {@code sh -c} line, for what Java cannot pass as an argument (a name that is not UTF-8). */
  String sh(String script) throws IOException, InterruptedException {
    return run(List.of("sh", "-c", script), Map.of());
  }

  String run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    b.environment().putAll(env);
    b.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return out;
  }
}
