package dev.keyhound.rules;

import com.google.re2j.Pattern;
import java.util.Objects;

/**
 * A rule's content regex, compiled on first use: a pre-commit check of a small change compiles only
 * the regexes of the rules its keywords trigger, instead of the whole pack (tens of milliseconds of
 * a hook's start). Regexes read from a user's file are compiled at once, so a syntax error is still
 * reported when the file is loaded; only the built-in pack, checked when it was built, defers.
 */
public final class LazyPattern {
  private final String regex;
  private final int flags;
  private final int groupCount;
  private volatile Pattern compiled;

  /** What {@link #finds} can answer without the regex; worked out on its first call. */
  private volatile FileEnding ending;

  private LazyPattern(String regex, int flags, int groupCount, Pattern compiled) {
    this.regex = Objects.requireNonNull(regex, "regex");
    if (groupCount < 0) {
      throw new IllegalArgumentException("group count must not be negative: " + groupCount);
    }
    this.flags = flags;
    this.groupCount = groupCount;
    this.compiled = compiled;
  }

  /** An already compiled regex. */
  public static LazyPattern of(Pattern compiled) {
    return new LazyPattern(compiled.pattern(), compiled.flags(), compiled.groupCount(), compiled);
  }

  /** Compiles {@code regex} now (a syntax error is thrown here, not on first use). */
  public static LazyPattern compile(String regex) {
    return of(Pattern.compile(regex));
  }

  /**
   * A regex known to compile (the build compiled it), with its capture group count, compiled when
   * first needed.
   */
  static LazyPattern deferred(String regex, int flags, int groupCount) {
    return new LazyPattern(regex, flags, groupCount, null);
  }

  /** The compiled regex; the first call compiles it. */
  public Pattern get() {
    Pattern p = compiled;
    if (p == null) {
      // Racy but benign: two threads may both compile; either result is the same regex.
      p = Pattern.compile(regex, flags);
      compiled = p;
    }
    return p;
  }

  /**
   * Whether the regex finds a match in {@code text}, as {@code get().matcher(text).find()} says. A
   * path regex that asks only for a file ending (see {@link FileEnding}) answers for a plain ASCII
   * path without compiling: a pre-commit check of a clean change then starts no regex engine for
   * the pack's path rules.
   */
  public boolean finds(CharSequence text) {
    FileEnding e = ending;
    if (e == null) {
      // Racy but benign, as in get(): either thread works out the same answer.
      e = FileEnding.of(regex, flags);
      ending = e;
    }
    return e.decides(text) ? e.finds(text) : get().matcher(text).find();
  }

  /**
   * Whether the regex is compiled yet ({@link #get} was called, or it came compiled): what lets a
   * test check that a small scan compiled only the rules it needed.
   */
  public boolean isCompiled() {
    return compiled != null;
  }

  /** The regex's source text. */
  public String source() {
    return regex;
  }

  /** RE2/J's {@link Pattern} flags. */
  public int flags() {
    return flags;
  }

  /** Capture groups in the regex, known without compiling it. */
  public int groupCount() {
    return groupCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LazyPattern p && p.regex.equals(regex) && p.flags == flags;
  }

  @Override
  public int hashCode() {
    return regex.hashCode() * 31 + flags;
  }

  @Override
  public String toString() {
    return regex;
  }
}
