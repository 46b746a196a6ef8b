package dev.keyhound.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared compatibility material ({@code ../shared/compat} beside the project root) from
 * any module.
 */
final class CompatFiles {
  private CompatFiles() {}

  static Path gitleaksToml() {
    String explicit = System.getProperty("keyhound.shared");
    if (explicit != null) {
      Path p = Path.of(explicit, "compat/gitleaks.toml");
      if (!Files.isRegularFile(p)) {
        Assumptions.abort("skipped: the shared test material is absent: " + p);
      }
      return p;
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("../shared/compat/gitleaks.toml").normalize();
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    // A clone made anywhere has no shared folder beside it: skip, saying why (CI has it and runs).
    Assumptions.abort(
        "skipped: the shared test material is absent: looked for ../shared/compat/gitleaks.toml"
            + " above "
            + start
            + " (set -Dkeyhound.shared=DIR to point at it)");
    throw new AssertionError("unreachable");
  }
}
