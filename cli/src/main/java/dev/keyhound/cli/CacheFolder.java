package dev.keyhound.cli;

import java.nio.file.Path;

/**
 * The user's keyhound cache folder, as the launchers name it: {@code $KEYHOUND_CACHE_DIR}, else
 * {@code $XDG_CACHE_HOME/keyhound}, else {@code ~/.cache/keyhound} (the system property {@code
 * keyhound.cache-dir} wins, for tests). It holds what can be rebuilt: class-data archives of an
 * installed keyhound, and the plans of rules outside the built-in pack.
 */
final class CacheFolder {
  private CacheFolder() {}

  static Path root() {
    String prop = System.getProperty("keyhound.cache-dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    String own = System.getenv("KEYHOUND_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "keyhound");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "keyhound");
  }

  /** Where the plans of rules outside the built-in pack are kept between runs. */
  static Path plans() {
    return root().resolve("plans");
  }
}
