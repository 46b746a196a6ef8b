package dev.keyhound.rules;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

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

  /** Unmodifiable sets of filters, one per combination (by ordinal bits), made on first need. */
  private static final AtomicReferenceArray<Set<MatchFilter>> SETS =
      new AtomicReferenceArray<>(1 << values().length);

  /**
   * The same filters as an unmodifiable set, ordered as the enum is, one shared instance per
   * combination: the ~240 rules of the built-in pack hold a handful of combinations, and a set for
   * each, built while a pre-commit hook waits for the rules, was allocation and copying for
   * nothing.
   */
  static Set<MatchFilter> unmodifiableSetOf(Collection<MatchFilter> filters) {
    return unmodifiableSetOf(bits(filters));
  }

  /** The filters as one bit each, by ordinal: how the rule pack writes a rule's filters. */
  static int bits(Collection<MatchFilter> filters) {
    int bits = 0;
    for (MatchFilter f : filters) {
      bits |= 1 << f.ordinal();
    }
    return bits;
  }

  /** {@link #unmodifiableSetOf(Collection)} of the filters whose ordinal bits are set. */
  static Set<MatchFilter> unmodifiableSetOf(int bits) {
    Set<MatchFilter> shared = SETS.get(bits);
    if (shared == null) {
      EnumSet<MatchFilter> set = EnumSet.noneOf(MatchFilter.class);
      for (MatchFilter f : values()) {
        if ((bits & 1 << f.ordinal()) != 0) {
          set.add(f);
        }
      }
      SETS.compareAndSet(bits, null, Collections.unmodifiableSet(set));
      shared = SETS.get(bits);
    }
    return shared;
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
