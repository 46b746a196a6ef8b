package dev.keyhound.rules;

import com.google.re2j.Pattern;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An allowlist's regexes or paths read from the built-in pack, each compiled when first read: a
 * pre-commit check of a clean change needs none of them, and compiling the pack's ~30 allowlist
 * regexes was the largest part of loading it (~20 ms of the hook's start). Immutable, like the
 * {@code List.copyOf} it stands in for; only the built-in pack, checked when it was built, defers.
 */
final class DeferredPatterns extends AbstractList<Pattern> implements RandomAccess {
  private final String[] regexes;
  private final int[] flags;

  /**
   * Filled in on first read. Racy but benign, as in {@link LazyPattern}: two threads may both
   * compile, either result is the same regex, and a {@link Pattern}'s fields are final, so another
   * thread never sees one half built.
   */
  private final Pattern[] compiled;

  private DeferredPatterns(String[] regexes, int[] flags) {
    this.regexes = regexes;
    this.flags = flags;
    this.compiled = new Pattern[regexes.length];
  }

  /**
   * Regexes with their RE2/J flags, known to compile (the build compiled them), each compiled when
   * first read.
   */
  static List<Pattern> of(List<String> regexes, int[] flags) {
    if (regexes.size() != flags.length) {
      throw new IllegalArgumentException(regexes.size() + " regexes, " + flags.length + " flags");
    }
    return regexes.isEmpty()
        ? List.of()
        : new DeferredPatterns(regexes.toArray(new String[0]), flags.clone());
  }

  /**
   * The list as an immutable list: deferred lists as they are (copying would compile them), any
   * other through {@link List#copyOf}.
   */
  static List<Pattern> copyOf(List<Pattern> patterns) {
    return patterns instanceof DeferredPatterns d ? d : List.copyOf(patterns);
  }

  /** How many of the regexes are compiled yet (for tests). */
  int compiledCount() {
    int n = 0;
    for (Pattern p : compiled) {
      n += p != null ? 1 : 0;
    }
    return n;
  }

  @Override
  public Pattern get(int index) {
    Pattern p = compiled[index];
    if (p == null) {
      p = Pattern.compile(regexes[index], flags[index]);
      compiled[index] = p;
    }
    return p;
  }

  @Override
  public int size() {
    return regexes.length;
  }
}
