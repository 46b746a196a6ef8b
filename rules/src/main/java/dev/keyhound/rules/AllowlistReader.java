package dev.keyhound.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;

/**
 * Reads one gitleaks allowlist table, rejecting what gitleaks rejects (unknown condition or target,
 * no criteria).
 */
final class AllowlistReader {
  private AllowlistReader() {}

  static Allowlist read(TomlFields t) throws RuleException {
    Allowlist.Condition condition = condition(t);
    Allowlist.RegexTarget target = target(t);
    // gitleaks compares commits case-insensitively after trimming; normalising here keeps the
    // filter simple.
    LinkedHashSet<String> commits = new LinkedHashSet<>();
    for (String c : t.strings("commits")) {
      commits.add(c.trim().toLowerCase(Locale.ROOT));
    }
    LinkedHashSet<String> stopwords = new LinkedHashSet<>();
    for (String w : t.strings("stopwords")) {
      stopwords.add(w.toLowerCase(Locale.ROOT));
    }
    Allowlist a =
        new Allowlist(
            t.string("description"),
            condition,
            t.regexes("regexes"),
            target,
            t.regexes("paths"),
            new ArrayList<>(stopwords),
            new ArrayList<>(commits));
    if (a.isEmpty()) {
      throw t.error("must contain at least one check for: commits, paths, regexes, or stopwords");
    }
    return a;
  }

  private static Allowlist.Condition condition(TomlFields t) throws RuleException {
    String c = t.string("condition");
    if (c == null) {
      return Allowlist.Condition.OR;
    }
    return switch (c.trim().toUpperCase(Locale.ROOT)) {
      case "", "OR", "||" -> Allowlist.Condition.OR;
      case "AND", "&&" -> Allowlist.Condition.AND;
      default -> throw t.error("unknown allowlist condition '" + c + "' (expected 'AND' or 'OR')");
    };
  }

  private static Allowlist.RegexTarget target(TomlFields t) throws RuleException {
    String r = t.string("regexTarget");
    if (r == null) {
      return Allowlist.RegexTarget.SECRET;
    }
    return switch (r.trim().toLowerCase(Locale.ROOT)) {
      case "", "secret" -> Allowlist.RegexTarget.SECRET;
      case "match" -> Allowlist.RegexTarget.MATCH;
      case "line" -> Allowlist.RegexTarget.LINE;
      default ->
          throw t.error(
              "unknown allowlist regexTarget '" + r + "' (expected 'secret', 'match' or 'line')");
    };
  }
}
