package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import dev.keyhound.scanner.detect.RegexSyntax.Node;
import dk.brics.automaton.Automaton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the fast detector runs one rule, decided once from its regex.
 *
 * <p>A {@link Kind#DFA} rule gets two DFAs over a superset of its regex's language: one finds where
 * any match could end, the other, run backwards from such an end, where it could start. RE2/J then
 * runs only over those spans (plus one char of context each side, so anchors and word boundaries
 * see what they would see in the whole text). When every match must contain one of the rule's
 * keywords and can hold at most {@code n} line feeds, the forward DFA only reads the lines within
 * {@code n} of a keyword hit ({@link #windowed}). Rules the analysis cannot handle (a regex that
 * can match the empty string, a DFA too large) run the naive way.
 */
final class RulePlan {
  /** Past this many NFA states a rule is left to the naive path rather than risk slow DFA steps. */
  static final int MAX_NFA_STATES = 5_000;

  enum Kind {
    NAIVE,
    DFA
  }

  /** When a rule runs at all: mirrors {@link NaiveDetector#hasKeyword}. */
  enum Trigger {
    ALWAYS,
    INDEXED_KEYWORD,
    LOWER_CASE_TEXT
  }

  final Rule rule;
  final Kind kind;
  final Trigger trigger;

  /**
   * Ids in the keyword index of this rule's keywords (for {@link Trigger#INDEXED_KEYWORD}), for the
   * trigger check.
   */
  final int[] keywordIdList;

  /**
   * By id in the keyword index: whether a hit of that word places a window or an anchored run for
   * this rule (its keywords, or the literal prefixes that anchor it instead); ids past the end are
   * not.
   */
  final boolean[] anchorIds;

  /** The words whose hits count for {@link #anchorIds}, for the plan's description. */
  final List<String> anchorWords;

  final boolean windowed;
  final int newlines;

  /**
   * Whether the forward DFA runs from {@link #newlinesBeforeKeyword} lines before each keyword hit
   * until no match is in progress (matches contain a keyword, but may span unboundedly many lines
   * after it).
   */
  final boolean anchored;

  /** For an anchored plan: the most line feeds a match holds before its first keyword. */
  final int newlinesBeforeKeyword;

  /** A superset of the regex's language, forwards (null for a naive plan). */
  final Automaton language;

  /**
   * The forward DFA of a windowed plan; whole-text plans run in {@link FastDetector}'s union DFA
   * instead.
   */
  final LazyDfa forward;

  final LazyDfa backward;
  final String why;

  private RulePlan(
      Rule rule,
      Kind kind,
      Trigger trigger,
      int[] keywordIds,
      boolean[] anchorIds,
      List<String> anchorWords,
      boolean windowed,
      int newlines,
      int newlinesBeforeKeyword,
      Automaton language,
      LazyDfa forward,
      LazyDfa backward,
      String why) {
    this.rule = rule;
    this.kind = kind;
    this.trigger = trigger;
    this.keywordIdList = keywordIds;
    this.anchorIds = anchorIds;
    this.anchorWords = List.copyOf(anchorWords);
    this.windowed = windowed;
    this.newlines = newlines;
    this.anchored = newlinesBeforeKeyword != RegexAutomata.UNBOUNDED;
    this.newlinesBeforeKeyword = newlinesBeforeKeyword;
    this.language = language;
    this.forward = forward;
    this.backward = backward;
    this.why = why;
  }

  /**
   * Whether a keyword can go into the shared index (else the rule is triggered on the lower-cased
   * text).
   */
  static boolean indexable(String keyword) {
    if (keyword.isEmpty()) {
      return false;
    }
    for (char c : keyword.toCharArray()) {
      if (c >= 128 || c == '\n' || Character.toLowerCase(c) != c) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decides how to run a rule.
   *
   * @param keywordIdByWord ids in the keyword index; words this plan anchors on that are not yet
   *     there are added
   */
  static RulePlan of(Rule rule, Map<String, Integer> keywordIdByWord, int maxCachedStates) {
    Trigger trigger;
    if (rule.keywords().isEmpty() || rule.keywords().contains("")) {
      trigger = Trigger.ALWAYS;
    } else if (rule.keywords().stream().allMatch(RulePlan::indexable)) {
      trigger = Trigger.INDEXED_KEYWORD;
    } else {
      trigger = Trigger.LOWER_CASE_TEXT;
    }
    List<String> keywords =
        trigger == Trigger.INDEXED_KEYWORD ? List.copyOf(rule.keywords()) : List.of();
    int[] triggerIds = keywords.stream().mapToInt(keywordIdByWord::get).distinct().toArray();
    try {
      Node tree = RegexSyntax.parse(rule.regex());
      Automaton language = RegexAutomata.superset(tree, false);
      if (language.getNumberOfStates() > MAX_NFA_STATES) {
        return naive(rule, trigger, triggerIds, "its automaton is too large");
      }
      if (language.run("")) {
        return naive(rule, trigger, triggerIds, "its regex can match the empty string");
      }
      int newlines = RegexAutomata.maxNewlines(tree);
      Anchoring anchoring = Anchoring.of(language, newlines, keywords);
      if (!anchoring.local()) {
        // The keywords cannot place the rule's runs: try the literals its matches start with.
        List<String> words = new ArrayList<>(keywords);
        for (String p : LiteralPrefixes.anchors(tree)) {
          if (words.stream().noneMatch(p::contains)) { // a word inside it anchors already
            words.add(p);
          }
        }
        if (words.size() > keywords.size()) {
          Anchoring withPrefixes = Anchoring.of(language, newlines, words);
          if (withPrefixes.local()) {
            anchoring = withPrefixes;
          }
        }
      }
      for (String w : anchoring.words) {
        keywordIdByWord.putIfAbsent(w, keywordIdByWord.size());
      }
      boolean[] anchorIds = new boolean[keywordIdByWord.size()];
      for (String w : anchoring.words) {
        anchorIds[keywordIdByWord.get(w)] = true;
      }
      boolean ownForward = anchoring.local();
      return new RulePlan(
          rule,
          Kind.DFA,
          trigger,
          triggerIds,
          anchorIds,
          anchoring.words,
          anchoring.windowed,
          newlines,
          anchoring.before,
          language,
          ownForward ? new LazyDfa(List.of(language), true, maxCachedStates) : null,
          new LazyDfa(List.of(RegexAutomata.superset(tree, true)), false, maxCachedStates),
          anchoring.windowed ? "windowed" : ownForward ? "anchored" : "whole text");
    } catch (RuntimeException e) {
      return naive(rule, trigger, triggerIds, "its regex could not be analysed: " + e.getMessage());
    }
  }

  /**
   * Whether every match contains one of {@code words} (as the keyword index spots them) and how far
   * it may reach from one: within {@code newlines} lines of it (windowed), or from at most {@code
   * before} lines before the first (anchored).
   */
  private record Anchoring(List<String> words, boolean windowed, int before) {
    static final Anchoring NONE = new Anchoring(List.of(), false, RegexAutomata.UNBOUNDED);

    static Anchoring of(Automaton language, int newlines, List<String> words) {
      if (words.isEmpty()) {
        return NONE;
      }
      Automaton containing = containingAnyOf(words);
      if (!language.subsetOf(containing)) {
        return NONE;
      }
      if (newlines != RegexAutomata.UNBOUNDED) {
        return new Anchoring(words, true, RegexAutomata.UNBOUNDED);
      }
      int before = NewlinesBeforeKeyword.of(language, containing);
      return before == RegexAutomata.UNBOUNDED ? NONE : new Anchoring(words, false, before);
    }

    boolean local() {
      return windowed || before != RegexAutomata.UNBOUNDED;
    }
  }

  private static RulePlan naive(Rule rule, Trigger trigger, int[] triggerIds, String why) {
    return new RulePlan(
        rule,
        Kind.NAIVE,
        trigger,
        triggerIds,
        new boolean[0],
        List.of(),
        false,
        0,
        RegexAutomata.UNBOUNDED,
        null,
        null,
        null,
        why);
  }

  /** Strings that, lower-cased, contain one of the keywords. */
  private static Automaton containingAnyOf(List<String> keywords) {
    List<Automaton> alts = new ArrayList<>();
    for (String k : keywords) {
      List<Automaton> chars = new ArrayList<>();
      for (char x : k.toCharArray()) {
        chars.add(Automaton.makeCharSet(KeywordChars.charsFor(x)));
      }
      alts.add(Automaton.concatenate(chars));
    }
    Automaton any = Automaton.makeAnyString();
    return any.concatenate(Automaton.union(alts)).concatenate(any);
  }
}
