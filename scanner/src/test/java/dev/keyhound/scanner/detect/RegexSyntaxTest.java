package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.testing.SharedFiles;
import dk.brics.automaton.Automaton;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our RE2 parser against RE2/J itself: every bundled and gitleaks rule parses, strings drawn from
 * our trees are matched by RE2/J's compiled regex, and the automata built from our trees accept
 * what RE2/J matches.
 */
class RegexSyntaxTest {

  @Test
  void everyRuleOfBothPacks_parses() {
    List<String> failed = new ArrayList<>();
    for (RuleSet rules : List.of(RuleLoader.builtin(), SharedFiles.gitleaksRules())) {
      for (Rule r : rules.rules()) {
        if (r.hasRegex()) {
          try {
            RegexSyntax.parse(r.regex());
          } catch (IllegalArgumentException e) {
            failed.add(r.id() + ": " + e.getMessage());
          }
        }
      }
    }
    assertEquals(List.of(), failed);
  }

  @Test
  void samplesDrawnFromOurTrees_areMatchedByRe2j() {
    Random random = new Random(20261129L);
    RegexSampler sampler = new RegexSampler(random);
    int tried = 0;
    List<String> missed = new ArrayList<>();
    for (RuleSet rules : List.of(RuleLoader.builtin(), SharedFiles.gitleaksRules())) {
      for (Rule r : rules.rules()) {
        if (!r.hasRegex()) {
          continue;
        }
        int hits = 0;
        for (int i = 0; i < 10; i++) {
          String s = " " + sampler.sample(r.regex()) + " \n";
          hits += r.regex().matcher(s).find() ? 1 : 0;
        }
        tried++;
        if (hits == 0) {
          missed.add(r.id());
        }
      }
    }
    // Samples ignore anchors and word boundaries, so a few rules may miss; a wrong tree misses
    // many.
    assertTrue(missed.size() <= tried / 20, "samples RE2/J does not match: " + missed);
  }

  @Test
  void caseInsensitiveLiteralsAndClasses_takeEveryCaseRelatedChar() {
    Automaton a = language("(?i)sk[a-c]");
    assertTrue(a.run("SK\u212AB".substring(0, 2) + "B"));
    assertTrue(a.run("\u017FKc"), "long s folds to s in RE2");
    assertTrue(a.run("s\u212Aa"), "the Kelvin sign folds to k in RE2");
    assertTrue(language("(?i)[k]").run("\u212A"));
    assertFalse(language("sk").run("SK"));
  }

  @Test
  void flagsHoldToTheEndOfTheirGroup_acrossAlternatives() {
    Automaton a = language("a(?:b(?i)c|d)e");
    assertTrue(a.run("abCe"));
    assertTrue(a.run("aDe"), "(?i) reaches the next alternative of its group");
    assertFalse(a.run("abcE"), "but not past the group");
    assertTrue(language("(?i)x(?-i:y)").run("Xy"));
    assertFalse(language("(?i)x(?-i:y)").run("XY"));
  }

  @Test
  void negatedClassesAndDotAll_coverLineFeeds() {
    assertTrue(language("a[^b]c").run("a\nc"));
    assertFalse(language("a.c").run("a\nc"));
    assertTrue(language("(?s)a.c").run("a\nc"));
    assertTrue(language("a\\Dc\\S\\W").run("a\nc-\n"));
  }

  @Test
  void escapesRepeatsAndNamedGroups_parse() {
    Automaton a = language("\\x41\\x{42}\\Q.*\\E(?P<n>\\d{2,3})(?<m>[[:xdigit:]]+)\\pL{2}x{3}");
    assertTrue(a.run("AB.*123fFé\u00dfxxx"));
    assertTrue(language("a{,2}").run("a{,2}"), "not a repeat: literal braces");
    assertTrue(language("\\pN\\p{Greek}+").run("7\u03b1\u03b2"));
  }

  private static Automaton language(String regex) {
    return RegexAutomata.superset(RegexSyntax.parse(Pattern.compile(regex)), false);
  }
}
