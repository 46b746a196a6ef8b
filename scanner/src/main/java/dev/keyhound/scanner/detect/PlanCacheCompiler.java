package dev.keyhound.scanner.detect;

import dev.keyhound.rules.RuleLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the built-in pack's {@link PlanCache} when the scanner module is built. */
public final class PlanCacheCompiler {
  private PlanCacheCompiler() {}

  /** Writes the shapes to the file named by the only argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: PlanCacheCompiler OUTPUT_FILE");
    }
    Path target = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(target.getParent());
    try (OutputStream out = Files.newOutputStream(target)) {
      PlanCache.of(RuleLoader.builtin()).write(out);
    }
  }
}
