package dev.keyhound.scanner.detect;

import com.google.re2j.Matcher;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reference detector: for each rule whose keyword occurs in the text, run its regex over the
 * whole text. Correct by construction and slow; faster detectors are tested against it.
 */
public final class NaiveDetector implements Detector {
  private final List<Rule> rules;
  private final Matches matches;

  public NaiveDetector(RuleSet ruleSet, DetectorOptions options) {
    this.rules = ruleSet.rules().stream().filter(Rule::hasRegex).toList();
    this.matches = new Matches(Detectors.checksummedFormats(ruleSet), options);
  }

  @Override
  public List<Candidate> detect(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    LineIndex lines = null;
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (!hasKeyword(rule, lower)) {
        continue;
      }
      Matcher m = rule.regex().matcher(text);
      while (m.find()) {
        if (lines == null) {
          lines = new LineIndex(text);
        }
        Candidate c = matches.toCandidate(rule, m, 0, lines);
        if (c != null) {
          out.add(c);
        }
      }
    }
    if (out.size() > 1) {
      // (the order maps every rule's id: not built for the usual text, with no candidate)
      out.sort(Detectors.order(rules));
    }
    return out;
  }

  static boolean hasKeyword(Rule rule, String lowerText) {
    if (rule.keywords().isEmpty()) {
      return true;
    }
    for (String k : rule.keywords()) {
      if (lowerText.contains(k)) {
        return true;
      }
    }
    return false;
  }
}
