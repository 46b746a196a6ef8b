package dev.keyhound.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * One detection rule, as gitleaks declares it, plus keyhound's own keys: examples that must match,
 * negative examples that must not, and an optional checksummed key format that owns the values it
 * matches.
 *
 * @param pattern the content regex, or null for a rule that matches on path alone; compiled on
 *     first use (see {@link #regex()})
 * @param secretGroup the capture group holding the secret; 0 means "the first non-empty group, else
 *     the match"
 * @param entropy minimum Shannon entropy of the secret, 0 for none
 * @param keywords lower-cased; the rule runs only on content that contains one of them (none:
 *     always runs)
 * @param pathPattern a path regex the file must match, or null; compiled on first use (see {@link
 *     #path()})
 * @param checksumFormat the format whose checksum is checked on the secret, or null
 * @param filters the value checks the engine runs on this rule's matches (see {@link MatchFilter})
 */
public record Rule(
    String id,
    String description,
    LazyPattern pattern,
    int secretGroup,
    double entropy,
    List<String> keywords,
    LazyPattern pathPattern,
    List<String> tags,
    List<Allowlist> allowlists,
    List<String> examples,
    List<String> negativeExamples,
    KeyFormat checksumFormat,
    java.util.Set<MatchFilter> filters) {

  public Rule {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("rule id must not be blank");
    }
    description = description == null ? "" : description;
    if (pattern == null && pathPattern == null) {
      throw new IllegalArgumentException("rule " + id + " needs a regex or a path");
    }
    if (secretGroup < 0) {
      throw new IllegalArgumentException(
          "rule " + id + ": secretGroup must not be negative: " + secretGroup);
    }
    if (entropy < 0) {
      throw new IllegalArgumentException(
          "rule " + id + ": entropy must not be negative: " + entropy);
    }
    keywords = lowerCased(keywords);
    tags = List.copyOf(tags);
    allowlists = List.copyOf(allowlists);
    examples = MintedExamples.copyOf(examples);
    negativeExamples = MintedExamples.copyOf(negativeExamples);
    filters =
        filters == null || filters.isEmpty()
            ? java.util.Set.of()
            : MatchFilter.unmodifiableSetOf(filters);
  }

  /**
   * A loop, not a stream: the built-in pack builds ~240 rules while a pre-commit hook waits, all in
   * the interpreter.
   */
  private static List<String> lowerCased(List<String> keywords) {
    String[] out = null;
    for (int i = 0; i < keywords.size(); i++) {
      String k = keywords.get(i);
      String lower = k.toLowerCase(java.util.Locale.ROOT);
      if (out == null && !lower.equals(k)) {
        out = keywords.toArray(new String[0]);
      }
      if (out != null) {
        out[i] = lower;
      }
    }
    // Already lower-cased (as the pack and the TOML reader give them): kept, not copied.
    return out == null ? List.copyOf(keywords) : List.of(out);
  }

  /** A rule without value filters (as every rule of a gitleaks file is). */
  public Rule(
      String id,
      String description,
      LazyPattern pattern,
      int secretGroup,
      double entropy,
      List<String> keywords,
      LazyPattern pathPattern,
      List<String> tags,
      List<Allowlist> allowlists,
      List<String> examples,
      List<String> negativeExamples,
      KeyFormat checksumFormat) {
    this(
        id,
        description,
        pattern,
        secretGroup,
        entropy,
        keywords,
        pathPattern,
        tags,
        allowlists,
        examples,
        negativeExamples,
        checksumFormat,
        java.util.Set.of());
  }

  /** This rule with other value filters. */
  public Rule withFilters(java.util.Set<MatchFilter> newFilters) {
    return with(pathPattern, newFilters);
  }

  /** This rule with another path regex (null: every path). */
  public Rule withPathPattern(LazyPattern newPath) {
    return with(newPath, filters);
  }

  private Rule with(LazyPattern newPath, java.util.Set<MatchFilter> newFilters) {
    return new Rule(
        id,
        description,
        pattern,
        secretGroup,
        entropy,
        keywords,
        newPath,
        tags,
        allowlists,
        examples,
        negativeExamples,
        checksumFormat,
        newFilters);
  }

  /**
   * The content regex, compiled now if it was not yet (the built-in pack defers compiling), or null
   * for a path-only rule.
   */
  public Pattern regex() {
    return pattern == null ? null : pattern.get();
  }

  /** Whether the rule has a content regex; unlike {@code regex() != null}, compiles nothing. */
  public boolean hasRegex() {
    return pattern != null;
  }

  /**
   * The path regex, compiled now if it was not yet (the built-in pack defers compiling), or null
   * for a rule that applies to every path.
   */
  public Pattern path() {
    return pathPattern == null ? null : pathPattern.get();
  }

  /** Whether the rule has a path regex; unlike {@code path() != null}, compiles nothing. */
  public boolean hasPath() {
    return pathPattern != null;
  }

  /**
   * Whether the rule applies at {@code path}: it has no path regex, or its path regex finds a match
   * there (see {@link #pathFinds}).
   */
  public boolean appliesAtPath(String path) {
    return pathPattern == null || pathPattern.finds(path);
  }

  /**
   * Whether the path regex finds a match in {@code path}, as {@code path().matcher(path).find()}
   * says (false when the rule has none): see {@link LazyPattern#finds}, which answers a file-ending
   * regex without compiling it.
   */
  public boolean pathFinds(String path) {
    return pathPattern != null && pathPattern.finds(path);
  }

  /** A rule with only the essentials, for tests and generated rules. */
  public static Rule of(String id, String description, String regex, List<String> keywords) {
    return new Rule(
        id,
        description,
        LazyPattern.compile(regex),
        0,
        0,
        keywords,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null);
  }
}
