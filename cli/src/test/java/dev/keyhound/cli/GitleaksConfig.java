package dev.keyhound.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds gitleaks' default configuration in the shared compat folder beside the project. */
final class GitleaksConfig {
  private GitleaksConfig() {}

  static Path path() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("../shared/compat/gitleaks.toml").normalize();
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("../shared/compat/gitleaks.toml not found above " + start);
  }
}
