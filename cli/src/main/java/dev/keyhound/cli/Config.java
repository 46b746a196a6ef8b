package dev.keyhound.cli;

import dev.keyhound.rules.RuleException;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration a command runs with: rules (and later issuer and remediation settings) from one
 * TOML file.
 */
record Config(Path file, RuleSet rules) {
  static final String DEFAULT_NAME = ".keyhound.toml";

  /**
   * Loads {@code --config}, else {@code .keyhound.toml} at the target's root, else the built-in
   * pack.
   */
  static Config load(Path explicit, Path target) {
    Path file = locate(explicit, target);
    try {
      return new Config(file, file == null ? RuleLoader.builtin() : RuleLoader.load(file));
    } catch (RuleException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
  }

  /**
   * The file {@link #load} reads: {@code --config} (which must exist), else {@code .keyhound.toml}
   * at the target's root, else null. Commands that need only the settings call this, not load, so
   * they do not compile the rules.
   */
  static Path locate(Path explicit, Path target) {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new UserError("config file not found: " + explicit);
      }
      return explicit;
    }
    Path root = Files.isDirectory(target) ? target : target.toAbsolutePath().getParent();
    Path candidate = root == null ? null : root.resolve(DEFAULT_NAME);
    return candidate != null && Files.isRegularFile(candidate) ? candidate : null;
  }
}
