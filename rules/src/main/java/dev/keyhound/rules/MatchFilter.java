package dev.keyhound.rules;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A check a rule can ask the engine to run on each value it matches, beyond its regex and entropy
 * floor: the TOML key {@code filters = ["placeholders", "identifiers", "public-examples",
 * "expired"]}. The built-in pack runs all of them on every rule unless the rule names its own list;
 * a user's rule runs only those it names, so a gitleaks file loads with gitleaks' behaviour.
 */
public enum MatchFilter {
  /** Template and filler values: {@code ${VAR}}, {@code <token>}, {@code XXXX}, runs, sequences. */
  PLACEHOLDERS("placeholders"),
  /** Code rather than values: member access, calls, type names, env lookups, file paths. */
  IDENTIFIERS("identifiers"),
  /** Values published in vendors' documentation ({@code AKIAIOSFODNN7EXAMPLE}, the jwt.io JWT). */
  PUBLIC_EXAMPLES("public-examples"),
  /** Tokens that say when they stop working and have: a JWT whose {@code exp} is past. */
  EXPIRED("expired");

  /** What the built-in pack's rules run when they do not say. */
  public static final Set<MatchFilter> BUILTIN_DEFAULT = EnumSet.allOf(MatchFilter.class);

  private final String key;

  MatchFilter(String key) {
    this.key = key;
  }

  /** The name used in TOML. */
  public String key() {
    return key;
  }

  /** The filter a TOML name stands for, or null when there is none by that name. */
  public static MatchFilter byKey(String name) {
    String k = name.trim().toLowerCase(Locale.ROOT);
    for (MatchFilter f : values()) {
      if (f.key.equals(k)) {
        return f;
      }
    }
    return null;
  }
}
