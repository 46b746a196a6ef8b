package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs every rule's examples and negative examples through the real detection path (detector, then
 * per-path filter), so {@code keyhound rules check} and the build's rule test agree on what a rule
 * finds.
 */
public final class RuleCheck {
  /** The path examples are scanned as: neutral, so no path allowlist applies to it. */
  public static final String EXAMPLE_PATH = "example.txt";

  private static final int SHOWN_CHARS = 12;

  private final Detector detector;
  private final CandidateFilter filter;

  private RuleCheck(RuleSet rules) {
    this.detector = new NaiveDetector(rules, DetectorOptions.DEFAULTS);
    this.filter = new CandidateFilter(rules);
  }

  /** What is wrong with one example. */
  public enum Kind {
    EXAMPLE_NOT_MATCHED("example-not-matched"),
    NEGATIVE_EXAMPLE_MATCHED("negative-example-matched");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The kebab-case name the command prints. */
    public String label() {
      return label;
    }
  }

  /**
   * One failed example.
   *
   * @param example the example text, cut to its first few characters so the check never prints a
   *     whole secret
   */
  public record Problem(String ruleId, Kind kind, String example) {
    public Problem {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(example, "example");
    }
  }

  /**
   * Every example that its rule does not find and every negative example that it does, in rule
   * order.
   */
  public static List<Problem> check(RuleSet rules) {
    RuleCheck check = new RuleCheck(rules);
    List<Problem> out = new ArrayList<>();
    for (Rule r : rules.rules()) {
      out.addAll(check.check(r));
    }
    return out;
  }

  /** The problems of one rule of the set. */
  public static List<Problem> check(RuleSet rules, Rule rule) {
    return new RuleCheck(rules).check(rule);
  }

  private List<Problem> check(Rule rule) {
    List<Problem> out = new ArrayList<>();
    for (String e : rule.examples()) {
      if (!finds(rule, e)) {
        out.add(new Problem(rule.id(), Kind.EXAMPLE_NOT_MATCHED, redact(e)));
      }
    }
    for (String e : rule.negativeExamples()) {
      if (finds(rule, e)) {
        out.add(new Problem(rule.id(), Kind.NEGATIVE_EXAMPLE_MATCHED, redact(e)));
      }
    }
    return out;
  }

  /** Whether the rule finds the example; a path-only rule's examples are paths. */
  boolean finds(Rule rule, String example) {
    if (rule.regex() == null) {
      return rule.path().matcher(example).find();
    }
    for (Candidate c : detector.detect(example)) {
      if (c.rule().id().equals(rule.id())
          && filter.accepts(withoutPathRule(c), EXAMPLE_PATH, null)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A content example says nothing of the file it sits in, so a rule's own path does not apply to
   * it.
   */
  private static Candidate withoutPathRule(Candidate c) {
    Rule r = c.rule();
    if (!r.hasPath()) {
      return c;
    }
    Rule anywhere =
        new Rule(
            r.id(),
            r.description(),
            r.pattern(),
            r.secretGroup(),
            r.entropy(),
            r.keywords(),
            null,
            r.tags(),
            r.allowlists(),
            r.examples(),
            r.negativeExamples(),
            r.checksumFormat());
    return new Candidate(
        anywhere,
        c.secret(),
        c.match(),
        c.start(),
        c.end(),
        c.line(),
        c.column(),
        c.lineText(),
        c.entropy(),
        c.checksumValid());
  }

  static String redact(String example) {
    return example.substring(0, Math.min(SHOWN_CHARS, example.length())) + "…";
  }
}
