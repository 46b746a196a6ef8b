package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every built-in rule proves itself: its examples are found, its negative examples are not. */
class RuleExamplesTest {

  @TestFactory
  Stream<DynamicTest> builtinRule_findsItsExamplesAndNotItsNegativeExamples() {
    RuleSet rules = RuleLoader.builtin();
    return rules.rules().stream()
        .map(
            rule ->
                DynamicTest.dynamicTest(
                    rule.id(),
                    () -> {
                      assertFalse(rule.examples().isEmpty(), rule.id() + " has no examples");
                      assertFalse(
                          rule.negativeExamples().isEmpty(),
                          rule.id() + " has no negative examples");
                      List<RuleCheck.Problem> problems = RuleCheck.check(rules, rule);
                      assertEquals(List.of(), problems, rule.id());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> builtinRule_examplesNeedNoOtherRuleToBeFound() {
    // A rule's examples must stand on the rule alone, so a user who extends the pack and disables
    // neighbouring rules keeps working examples.
    RuleSet all = RuleLoader.builtin();
    return all.rules().stream()
        .map(
            rule ->
                DynamicTest.dynamicTest(
                    rule.id(),
                    () -> {
                      List<Rule> alone =
                          rule.id().equals(RuleSet.ISSUER_RULE_ID)
                              ? List.of(rule)
                              : List.of(all.rules().get(0), rule);
                      RuleSet one = new RuleSet("one", alone, all.allowlists(), all.issuerFormat());
                      assertEquals(List.of(), RuleCheck.check(one, rule), rule.id());
                    }));
  }
}
