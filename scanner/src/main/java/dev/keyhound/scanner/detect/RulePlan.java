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

  /**
   * What the analysis decides for a rule: the same for the same regex, flags and keywords, so the
   * built-in pack's shapes are decided when keyhound is built ({@link PlanCache}).
   *
   * @param newlines the most line feeds a match holds (for a windowed shape)
   * @param newlinesBeforeKeyword the most line feeds a match holds before its first anchor word
   *     (for a windowed shape at most {@code newlines}), {@link RegexAutomata#UNBOUNDED} unless
   *     windowed or anchored
   * @param charsBeforeKeyword the most chars a match holds before the last char of its first anchor
   *     word, {@link RegexAutomata#UNBOUNDED} when there is no bound (or the shape is neither
   *     windowed nor anchored)
   * @param anchorWords the words whose hits place a windowed or anchored rule's runs
   */
  record Shape(
      Kind kind,
      boolean windowed,
      int newlines,
      int newlinesBeforeKeyword,
      int charsBeforeKeyword,
      List<String> anchorWords,
      String why) {
    Shape {
      anchorWords = List.copyOf(anchorWords);
      if (why.isEmpty()) {
        throw new IllegalArgumentException("a plan shape must say why: " + kind);
      }
    }

    /** Whether matches may run over unboundedly many lines after the anchor word. */
    boolean anchored() {
      return !windowed && newlinesBeforeKeyword != RegexAutomata.UNBOUNDED;
    }

    /** Whether the rule's forward DFA reads the whole text. */
    boolean wholeText() {
      return kind == Kind.DFA && !windowed && !anchored();
    }
  }

  final Rule rule;
  final Kind kind;
  final Trigger trigger;
  final Shape shape;

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

  /**
   * For an anchored or windowed plan: the most line feeds a match holds before its first anchor
   * word.
   */
  final int newlinesBeforeKeyword;

  /**
   * For an anchored or windowed plan: the most chars a match holds before the last char of its
   * first anchor word, or {@link RegexAutomata#UNBOUNDED}.
   */
  final int charsBeforeKeyword;

  /**
   * A superset of the regex's language, forwards: for a whole-text plan (which runs in {@link
   * FastDetector}'s union DFA), else null until {@link #forward()} builds it.
   */
  private Automaton language;

  private final int maxCachedStates;

  /** Where this rule's DFA tables may have been built already (the built-in pack's). */
  private final PlanCache cache;

  /** Built on first use: most rules of a pack never trigger in a given scan. */
  private volatile LazyDfa forward;

  private volatile LazyDfa backward;

  /** The tables the DFAs were built from, once they are (kept for {@link SavedPlans}). */
  private volatile Tables tables;

  final String why;

  private RulePlan(
      Rule rule,
      Trigger trigger,
      int[] keywordIds,
      boolean[] anchorIds,
      Shape shape,
      Automaton language,
      int maxCachedStates,
      PlanCache cache) {
    this.rule = rule;
    this.kind = shape.kind();
    this.trigger = trigger;
    this.shape = shape;
    this.keywordIdList = keywordIds;
    this.anchorIds = anchorIds;
    this.anchorWords = shape.anchorWords();
    this.windowed = shape.windowed();
    this.newlines = shape.newlines();
    this.anchored = shape.anchored();
    this.newlinesBeforeKeyword = shape.newlinesBeforeKeyword();
    this.charsBeforeKeyword = shape.charsBeforeKeyword();
    this.language = language;
    this.maxCachedStates = maxCachedStates;
    this.cache = cache;
    this.why = shape.why();
  }

  /** The superset automaton of a whole-text plan, for the union DFA. */
  Automaton language() {
    if (!shape.wholeText()) {
      throw new IllegalStateException("not a whole-text plan: " + rule.id());
    }
    synchronized (this) {
      if (language == null) {
        language = RegexAutomata.superset(tree(rule), false);
      }
      return language;
    }
  }

  /** A windowed or anchored plan's forward DFA, built on first use. */
  LazyDfa forward() {
    LazyDfa f = forward;
    if (f == null) {
      buildDfas();
      f = forward;
    }
    return f;
  }

  /** A DFA plan's reverse DFA, built on first use. */
  LazyDfa backward() {
    LazyDfa b = backward;
    if (b == null) {
      buildDfas();
      b = backward;
    }
    return b;
  }

  private synchronized void buildDfas() {
    if (backward != null) {
      return;
    }
    if (kind != Kind.DFA) {
      throw new IllegalStateException("a naive plan has no DFA: " + rule.id());
    }
    Tables t = cachedTables();
    if (t == null) {
      t = tablesOf(rule, shape, language);
    }
    if (t.forward != null) {
      forward = new LazyDfa(t.forward, true, maxCachedStates);
      language = null; // the DFA holds what it needs
    }
    tables = t;
    backward = new LazyDfa(t.backward, false, maxCachedStates);
  }

  /** The tables this plan's DFAs were built from, or null while they are not built. */
  Tables builtTables() {
    return tables;
  }

  /**
   * A DFA plan's NFA tables: forwards (none for a whole-text plan, which runs in the detector's
   * union) and backwards.
   */
  record Tables(LazyDfa.Nfa forward, LazyDfa.Nfa backward) {
    Tables {
      if (backward == null) {
        throw new IllegalArgumentException("a DFA plan runs backwards from each end");
      }
    }
  }

  /**
   * The tables of a DFA shape, as {@link #buildDfas} builds them when the cache has none.
   *
   * @param language the forward superset automaton when the analysis built it already, else null
   */
  static Tables tablesOf(Rule rule, Shape shape, Automaton language) {
    if (shape.kind() != Kind.DFA) {
      throw new IllegalArgumentException("a naive plan has no DFA: " + rule.id());
    }
    Node tree = tree(rule);
    LazyDfa.Nfa forward = null;
    if (!shape.wholeText()) {
      forward =
          LazyDfa.Nfa.of(
              List.of(language != null ? language : RegexAutomata.superset(tree, false)));
    }
    return new Tables(forward, LazyDfa.Nfa.of(List.of(RegexAutomata.superset(tree, true))));
  }

  /** The cache's tables for this rule, or null (none, or not of this shape's kind). */
  private Tables cachedTables() {
    Tables t = cache.tablesFor(rule);
    return t != null && (t.forward == null) == shape.wholeText() ? t : null;
  }

  /** The parse of the rule's regex, with its flags. */
  private static Node tree(Rule rule) {
    return RegexSyntax.parse(rule.pattern().source(), rule.pattern().flags());
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
   * @param known the rule's shape when it was decided already (the built-in pack's), or null
   * @param keywordIdByWord ids in the keyword index; words this plan anchors on that are not yet
   *     there are added
   */
  static RulePlan of(
      Rule rule, Shape known, Map<String, Integer> keywordIdByWord, int maxCachedStates) {
    return of(rule, known, keywordIdByWord, maxCachedStates, PlanCache.EMPTY);
  }

  /**
   * As {@link #of(Rule, Shape, Map, int)}, with the cache whose DFA tables the plan uses when it
   * has them for exactly this rule.
   */
  static RulePlan of(
      Rule rule,
      Shape known,
      Map<String, Integer> keywordIdByWord,
      int maxCachedStates,
      PlanCache cache) {
    Analysis analysis = known != null ? new Analysis(known, null) : analysisOf(rule);
    return of(rule, analysis, keywordIdByWord, maxCachedStates, cache);
  }

  /**
   * As {@link #of(Rule, Shape, Map, int, PlanCache)}, from the rule's analysis (made beforehand, on
   * another thread perhaps).
   */
  static RulePlan of(
      Rule rule,
      Analysis analysis,
      Map<String, Integer> keywordIdByWord,
      int maxCachedStates,
      PlanCache cache) {
    Trigger trigger = trigger(rule);
    int[] triggerIds =
        trigger == Trigger.INDEXED_KEYWORD
            ? rule.keywords().stream().mapToInt(keywordIdByWord::get).distinct().toArray()
            : new int[0];
    Shape shape = analysis.shape;
    Automaton language = analysis.language;
    for (String w : shape.anchorWords()) {
      keywordIdByWord.putIfAbsent(w, keywordIdByWord.size());
    }
    boolean[] anchorIds = new boolean[keywordIdByWord.size()];
    for (String w : shape.anchorWords()) {
      anchorIds[keywordIdByWord.get(w)] = true;
    }
    return new RulePlan(
        rule, trigger, triggerIds, anchorIds, shape, language, maxCachedStates, cache);
  }

  private static Trigger trigger(Rule rule) {
    if (rule.keywords().isEmpty() || rule.keywords().contains("")) {
      return Trigger.ALWAYS;
    } else if (rule.keywords().stream().allMatch(RulePlan::indexable)) {
      return Trigger.INDEXED_KEYWORD;
    } else {
      return Trigger.LOWER_CASE_TEXT;
    }
  }

  /**
   * The shape of a rule, with its forward superset automaton (null for a naive shape, or when the
   * shape was decided before).
   */
  record Analysis(Shape shape, Automaton language) {}

  /** Decides a rule's shape from its regex (the expensive part: automaton products). */
  static Shape shapeOf(Rule rule) {
    return analysisOf(rule).shape;
  }

  /** As {@link #shapeOf}, keeping the forward automaton the analysis built. */
  static Analysis analysisOf(Rule rule) {
    return analyse(rule, trigger(rule));
  }

  private static Analysis analyse(Rule rule, Trigger trigger) {
    List<String> keywords =
        trigger == Trigger.INDEXED_KEYWORD ? List.copyOf(rule.keywords()) : List.of();
    try {
      Node tree = tree(rule);
      Automaton language = RegexAutomata.superset(tree, false);
      if (language.getNumberOfStates() > MAX_NFA_STATES) {
        return naive("its automaton is too large");
      }
      if (language.run("")) {
        return naive("its regex can match the empty string");
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
      String why = anchoring.windowed ? "windowed" : anchoring.local() ? "anchored" : "whole text";
      Shape shape =
          new Shape(
              Kind.DFA,
              anchoring.windowed,
              newlines,
              anchoring.before,
              anchoring.charsBefore,
              anchoring.words,
              why);
      return new Analysis(shape, language);
    } catch (RuntimeException e) {
      return naive("its regex could not be analysed: " + e.getMessage());
    }
  }

  /**
   * Whether every match contains one of {@code words} (as the keyword index spots them) and how far
   * it may reach from one: within {@code newlines} lines of it (windowed), or from at most {@code
   * before} lines before the first (anchored).
   */
  private record Anchoring(List<String> words, boolean windowed, int before, int charsBefore) {
    static final Anchoring NONE =
        new Anchoring(List.of(), false, RegexAutomata.UNBOUNDED, RegexAutomata.UNBOUNDED);

    static Anchoring of(Automaton language, int newlines, List<String> words) {
      if (words.isEmpty()) {
        return NONE;
      }
      Automaton containing = containingAnyOf(words);
      if (!language.subsetOf(containing)) {
        return NONE;
      }
      NewlinesBeforeKeyword.Before before = NewlinesBeforeKeyword.of(language, containing);
      if (newlines != RegexAutomata.UNBOUNDED) {
        // A match starting before its anchor word's line (a key after its value) starts at most
        // this many lines before it; most start on it, so the run starts there.
        return new Anchoring(words, true, Math.min(before.newlines(), newlines), before.chars());
      }
      return before.newlines() == RegexAutomata.UNBOUNDED
          ? NONE
          : new Anchoring(words, false, before.newlines(), before.chars());
    }

    boolean local() {
      return before != RegexAutomata.UNBOUNDED;
    }
  }

  private static Analysis naive(String why) {
    return new Analysis(
        new Shape(
            Kind.NAIVE, false, 0, RegexAutomata.UNBOUNDED, RegexAutomata.UNBOUNDED, List.of(), why),
        null);
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
