package dev.keyhound.scanner.detect;

import com.google.re2j.Pattern;
import dev.keyhound.rules.Allowlist;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.util.List;
import java.util.Locale;

/**
 * Applies what depends on where content was seen: a rule's {@code path}, its allowlists and the
 * global ones, with gitleaks' semantics (OR: any criterion; AND: every criterion given).
 */
public final class CandidateFilter {
  private final List<Allowlist> global;

  public CandidateFilter(RuleSet rules) {
    this.global = rules.allowlists();
  }

  /** Whether the candidate stands as an occurrence at this path and commit (commit may be null). */
  public boolean accepts(Candidate c, String path, String commit) {
    Rule rule = c.rule();
    if (!rule.appliesAtPath(path)) {
      return false;
    }
    for (Allowlist a : rule.allowlists()) {
      if (allows(a, c, path, commit)) {
        return false;
      }
    }
    for (Allowlist a : global) {
      if (allows(a, c, path, commit)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a path-only rule's finding stands at this path and commit. gitleaks checks only the
   * commit and path criteria of the rule's and the global allowlists here, since there is no secret
   * to test.
   */
  public boolean acceptsPath(Rule rule, String path, String commit) {
    if (!rule.pathFinds(path)) {
      return false;
    }
    for (Allowlist a : rule.allowlists()) {
      if (allowsLocation(a, path, commit)) {
        return false;
      }
    }
    for (Allowlist a : global) {
      if (allowsLocation(a, path, commit)) {
        return false;
      }
    }
    return true;
  }

  /**
   * gitleaks' commit-or-path check: OR needs either; AND needs every commit/path criterion given,
   * and never holds for a list that also names regexes or stopwords, because those need a secret.
   */
  static boolean allowsLocation(Allowlist a, String path, String commit) {
    boolean commitHeld =
        commit != null && a.commits().stream().anyMatch(x -> x.equalsIgnoreCase(commit));
    boolean pathHeld = !a.paths().isEmpty() && anyFind(a.paths(), path);
    if (a.condition() == Allowlist.Condition.OR) {
      return commitHeld || pathHeld;
    }
    if (!a.regexes().isEmpty() || !a.stopwords().isEmpty()) {
      return false;
    }
    return (a.commits().isEmpty() || commitHeld) && (a.paths().isEmpty() || pathHeld);
  }

  /**
   * Whether a path alone is allowed by a global allowlist (so a source need not read it at all).
   */
  public boolean pathAllowedGlobally(String path) {
    for (Allowlist a : global) {
      boolean onlyPaths = a.regexes().isEmpty() && a.stopwords().isEmpty() && a.commits().isEmpty();
      if (!a.paths().isEmpty()
          && (onlyPaths || a.condition() == Allowlist.Condition.OR)
          && anyFind(a.paths(), path)) {
        return true;
      }
    }
    return false;
  }

  static boolean allows(Allowlist a, Candidate c, String path, String commit) {
    boolean and = a.condition() == Allowlist.Condition.AND;
    int checked = 0;
    int held = 0;
    if (!a.commits().isEmpty()) {
      checked++;
      if (commit != null && a.commits().stream().anyMatch(x -> x.equalsIgnoreCase(commit))) {
        held++;
      }
    }
    if (!a.paths().isEmpty()) {
      checked++;
      if (anyFind(a.paths(), path)) {
        held++;
      }
    }
    if (!a.regexes().isEmpty()) {
      checked++;
      String target =
          switch (a.regexTarget()) {
            case SECRET -> c.secret();
            case MATCH -> c.match();
            case LINE -> c.lineText();
          };
      if (anyFind(a.regexes(), target)) {
        held++;
      }
    }
    if (!a.stopwords().isEmpty()) {
      checked++;
      String lower = c.secret().toLowerCase(Locale.ROOT);
      if (a.stopwords().stream().anyMatch(w -> lower.contains(w.toLowerCase(Locale.ROOT)))) {
        held++;
      }
    }
    return and ? checked > 0 && held == checked : held > 0;
  }

  private static boolean anyFind(List<Pattern> patterns, String s) {
    for (Pattern p : patterns) {
      if (p.matcher(s).find()) {
        return true;
      }
    }
    return false;
  }
}
