package dev.keyhound.rules;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared compatibility material ({@code ../shared/compat} beside the project root) from
 * any module.
 */
final class CompatFiles {
  private CompatFiles() {}

  static Path gitleaksToml() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("../shared/compat/gitleaks.toml").normalize();
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "gitleaks.toml not found: looked for ../shared/compat/gitleaks.toml above "
            + start
            + "; the compatibility tests need the shared compat folder beside the project");
  }
}
