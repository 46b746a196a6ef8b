package dev.keyhound.scanner.detect;

import com.google.re2j.Matcher;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One value, one finding: among candidates of one text whose secrets overlap, only the most
 * specific rule's stands (see {@link Specificity}; then the longer secret, then the earlier rule).
 * An AWS key id is an {@code aws-access-key-id}, not also a {@code generic-api-key}. It runs after
 * the per-path filter, so a specific rule that a path or an allowlist rules out leaves the value to
 * the next rule.
 *
 * <p>A generic rule also defers to a specific rule that recognises the value's format but dropped
 * it (a {@code sk_live_} prefix followed by filler is a Stripe placeholder, not a generic secret):
 * before a generic candidate stands, the other rules whose keywords occur in its line run over that
 * line (up to 256 characters each side of the value), and a match whose secret overlaps the
 * candidate's claims it. Generic candidates are rare, so this costs a few regex runs over single
 * lines. A value that starts with a prefixed format's fixed prefix ({@code dapi}, {@code glpat-})
 * is that format's too, even where its rule's regex no longer matches it (an upper-case {@code
 * dapiCD29...}, a two-digit suffix): a near miss of a known format is that format's rejection, not
 * a generic secret.
 */
public final class MostSpecific {
  /** The fewest fixed characters a format's prefix needs before it claims values by prefix. */
  private static final int CLAIMING_PREFIX = 4;

  /** How much of the line on each side of a generic value other rules are run over. */
  private static final int NEIGHBOURHOOD = 256;

  private final RuleShapes shapes = new RuleShapes();
  private final List<Rule> claimants;

  /** The fixed prefixes of the prefixed rules, read from their examples on first need. */
  private volatile List<String> formatPrefixes;

  public MostSpecific(RuleSet rules) {
    this.claimants = rules.rules().stream().filter(Rule::hasRegex).toList();
  }

  /**
   * The candidates that stand at {@code path}, in their given order; the input must come from one
   * text.
   */
  public List<Candidate> resolve(List<Candidate> candidates, String path) {
    if (candidates.isEmpty()) {
      return candidates;
    }
    if (candidates.size() == 1) {
      return claimedElsewhere(candidates.get(0), path) ? List.of() : candidates;
    }
    List<Integer> byRank = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      byRank.add(i);
    }
    byRank.sort(
        Comparator.comparing(
                (Integer i) -> shapes.specificity(candidates.get(i).rule()),
                Comparator.reverseOrder())
            .thenComparing(i -> -(candidates.get(i).end() - candidates.get(i).start()))
            .thenComparing(i -> i));
    TreeMap<Integer, Integer> taken = new TreeMap<>(); // start -> end of standing spans, disjoint
    boolean[] stands = new boolean[candidates.size()];
    for (int i : byRank) {
      Candidate c = candidates.get(i);
      if (!overlaps(taken, c.start(), Math.max(c.end(), c.start() + 1))
          && !claimedElsewhere(c, path)) {
        taken.put(c.start(), Math.max(c.end(), c.start() + 1));
        stands[i] = true;
      }
    }
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (stands[i]) {
        out.add(candidates.get(i));
      }
    }
    return out;
  }

  /** The rank this resolver gives a candidate's rule. */
  public Specificity specificity(Candidate c) {
    return shapes.specificity(c.rule());
  }

  /** Whether a more specific rule's regex matches this generic candidate's value in its line. */
  private boolean claimedElsewhere(Candidate c, String path) {
    if (shapes.specificity(c.rule()) != Specificity.GENERIC) {
      return false;
    }
    for (String prefix : formatPrefixes()) {
      if (c.secret().startsWith(prefix)) {
        return true;
      }
    }
    // Only the neighbourhood of the value: a generic candidate on a long line (minified code, a
    // PDF's
    // text) would otherwise cost every rule's keyword search and regex over the whole line.
    String full = c.lineText();
    int column = c.column() - 1;
    int start = Math.max(0, column - NEIGHBOURHOOD);
    int end = Math.min(full.length(), column + c.secret().length() + NEIGHBOURHOOD);
    String line = full.substring(start, end);
    String lower = line.toLowerCase(Locale.ROOT);
    int from = column - start;
    int to = from + c.secret().length();
    for (Rule r : claimants) {
      if (r == c.rule()
          || shapes.specificity(r) == Specificity.GENERIC
          || !r.appliesAtPath(path)
          || !NaiveDetector.hasKeyword(r, lower)) {
        continue;
      }
      Matcher m = r.regex().matcher(line);
      while (m.find()) {
        int[] span = secretSpan(r, m);
        if (span[0] < to && span[1] > from) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The fixed prefixes ({@value #CLAIMING_PREFIX} characters or more) of the prefixed and
   * checksummed rules, as their examples spell them: worked out when the first generic candidate
   * needs them, since most scans have none and a pre-commit check should not parse every regex.
   */
  private List<String> formatPrefixes() {
    List<String> prefixes = formatPrefixes;
    if (prefixes == null) {
      synchronized (this) {
        if (formatPrefixes == null) {
          formatPrefixes = readFormatPrefixes();
        }
        prefixes = formatPrefixes;
      }
    }
    return prefixes;
  }

  private List<String> readFormatPrefixes() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Rule r : claimants) {
      Specificity s = shapes.specificity(r);
      int fixed = shapes.shape(r).literalPrefix();
      if ((s != Specificity.FIXED_PREFIX && s != Specificity.CHECKSUMMED)
          || fixed < CLAIMING_PREFIX) {
        continue;
      }
      for (String example : r.examples()) {
        Matcher m = r.regex().matcher(example);
        if (m.find()) {
          int[] span = secretSpan(r, m);
          if (span[1] - span[0] >= fixed) {
            out.add(example.substring(span[0], span[0] + fixed));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /** The secret's span in a match, chosen as {@link Matches} chooses it. */
  private static int[] secretSpan(Rule r, Matcher m) {
    int groups = m.groupCount();
    if (r.secretGroup() > 0 && r.secretGroup() <= groups && m.start(r.secretGroup()) >= 0) {
      return new int[] {m.start(r.secretGroup()), m.end(r.secretGroup())};
    }
    for (int g = 1; g <= groups; g++) {
      if (m.start(g) >= 0 && m.end(g) > m.start(g)) {
        return new int[] {m.start(g), m.end(g)};
      }
    }
    return new int[] {m.start(), m.end()};
  }

  private static boolean overlaps(TreeMap<Integer, Integer> taken, int start, int end) {
    Map.Entry<Integer, Integer> before = taken.floorEntry(start);
    if (before != null && before.getValue() > start) {
      return true;
    }
    Map.Entry<Integer, Integer> after = taken.ceilingEntry(start);
    return after != null && after.getKey() < end;
  }
}
