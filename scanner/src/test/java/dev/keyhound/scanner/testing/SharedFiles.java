package dev.keyhound.scanner.testing;

import dev.keyhound.rules.RuleException;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the material shared by every module's tests in the {@code shared} folder beside the project
 * (gitleaks' default configuration, the SARIF schema) by walking up from the working directory,
 * whichever module runs. Tests that need it are skipped with a message where it is absent (a clone
 * made anywhere), and run where it is present (CI); {@code -Dkeyhound.shared=DIR} names it.
 */
public final class SharedFiles {
  private static final String GITLEAKS_TOML = "compat/gitleaks.toml";
  private static final String SARIF_SCHEMA = "schemas/sarif-schema-2.1.0.json";

  private SharedFiles() {}

  /** gitleaks' default configuration, {@code shared/compat/gitleaks.toml}. */
  public static Path gitleaksToml() {
    return find(
        GITLEAKS_TOML, "the compatibility tests need the shared compat folder beside the project");
  }

  /**
   * gitleaks' default configuration read by the real {@link RuleLoader}, as a user's rule file
   * would be.
   */
  public static RuleSet gitleaksRules() {
    return rules(gitleaksToml());
  }

  /**
   * A rule file that a test or benchmark depends on; one that does not load is a broken fixture.
   */
  public static RuleSet rules(Path file) {
    try {
      return RuleLoader.load(file);
    } catch (RuleException e) {
      throw new IllegalStateException("test rule file does not load: " + e.getMessage(), e);
    }
  }

  /**
   * The official SARIF 2.1.0 schema: {@code -Dkeyhound.sarifSchema=FILE}, else {@code
   * shared/schemas/sarif-schema-2.1.0.json}.
   */
  public static Path sarifSchema() {
    String explicit = System.getProperty("keyhound.sarifSchema");
    if (explicit != null) {
      return Path.of(explicit);
    }
    return find(SARIF_SCHEMA, "pass -Dkeyhound.sarifSchema=FILE");
  }

  /**
   * The first {@code shared/RELATIVE} inside or beside a folder from the working directory upwards.
   */
  private static Path find(String relative, String hint) {
    String shared = "shared/" + relative;
    String explicit = System.getProperty("keyhound.shared");
    if (explicit != null) {
      Path p = Path.of(explicit, relative);
      if (!Files.isRegularFile(p)) {
        Assumptions.abort(absent(p.toString(), hint));
      }
      return p;
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      for (Path candidate : List.of(d.resolve(shared), d.resolveSibling(shared))) {
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    // A clone made anywhere has no shared folder beside it: skip, saying why (CI has it and runs).
    Assumptions.abort(absent(shared + " in or beside any folder above " + start, hint));
    throw new AssertionError("unreachable");
  }

  private static String absent(String where, String hint) {
    return "skipped: the shared test material is absent (looked for "
        + where
        + "; set -Dkeyhound.shared=DIR to point at it); "
        + hint;
  }
}
