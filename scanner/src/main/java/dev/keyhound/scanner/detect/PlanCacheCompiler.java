package dev.keyhound.scanner.detect;

import dev.keyhound.rules.RuleLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the built-in pack's {@link PlanCache} when the scanner module is built: the shapes, and
 * the DFA tables in a file of their own; and beside them the {@link KeywordChars} table, which
 * every fast detector's keyword index starts from, and the {@link CaseOrbits}, which every parse of
 * a case-insensitive regex reads.
 */
public final class PlanCacheCompiler {
  private PlanCacheCompiler() {}

  /**
   * Writes the shapes to the file named by the first argument, the tables to the second, and the
   * {@link KeywordChars} table and the {@link CaseOrbits} to their resources in the tables' folder.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: PlanCacheCompiler PLANS_FILE TABLES_FILE");
    }
    Path tables = Path.of(args[1]).toAbsolutePath();
    // The case tables a previous build saved there are on the class path this runs with: gone
    // before any class reads them, everything below is derived afresh.
    Files.deleteIfExists(tables.resolveSibling(KeywordChars.RESOURCE));
    Files.deleteIfExists(tables.resolveSibling(CaseOrbits.RESOURCE));
    PlanCache cache = PlanCache.of(RuleLoader.builtin());
    Path plans = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(plans.getParent());
    try (OutputStream out = Files.newOutputStream(plans)) {
      cache.write(out);
    }
    Files.createDirectories(tables.getParent());
    try (OutputStream out = Files.newOutputStream(tables)) {
      cache.writeTables(out);
    }
    try (OutputStream out = Files.newOutputStream(tables.resolveSibling(KeywordChars.RESOURCE))) {
      KeywordChars.write(out);
    }
    try (OutputStream out = Files.newOutputStream(tables.resolveSibling(CaseOrbits.RESOURCE))) {
      CaseOrbits.write(out);
    }
  }
}
