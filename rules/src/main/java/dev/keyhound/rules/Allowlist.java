package dev.keyhound.rules;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * A gitleaks allowlist: conditions under which a candidate is not a finding. With {@link
 * Condition#OR} any one criterion suffices; with {@link Condition#AND} every criterion given must
 * hold.
 */
public record Allowlist(
    String description,
    Condition condition,
    List<Pattern> regexes,
    RegexTarget regexTarget,
    List<Pattern> paths,
    List<String> stopwords,
    List<String> commits) {

  /** How the criteria of one allowlist combine. */
  public enum Condition {
    OR,
    AND
  }

  /** What an allowlist regex is matched against. */
  public enum RegexTarget {
    SECRET,
    MATCH,
    LINE
  }

  public Allowlist {
    description = description == null ? "" : description;
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(regexTarget, "regexTarget");
    // The built-in pack's lists compile on first use (see DeferredPatterns); List.copyOf would
    // compile them all now.
    regexes = DeferredPatterns.copyOf(regexes);
    paths = DeferredPatterns.copyOf(paths);
    stopwords = List.copyOf(stopwords);
    commits = List.copyOf(commits);
  }

  /** True when the allowlist names nothing at all (gitleaks rejects such a list). */
  public boolean isEmpty() {
    return regexes.isEmpty() && paths.isEmpty() && stopwords.isEmpty() && commits.isEmpty();
  }
}
