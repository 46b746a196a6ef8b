package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives exactly {@link NaiveDetector}'s candidates, fast. One Aho-Corasick pass finds every
 * keyword; each triggered rule's DFA prefilter (see {@link RulePlan}) then finds where its matches
 * could end: over the lines near its keywords; for rules whose matches contain a keyword but may
 * run over unboundedly many lines after it, from a bounded number of lines before each hit until no
 * match is in progress; and only for rules whose matches need not contain a keyword, in one pass
 * over the whole text shared by all such rules. A reverse DFA finds where each could start, and
 * RE2/J runs only over those spans. The spans contain every string the regex could match and are
 * apart from one another, so RE2/J finds in them exactly the matches it finds in the whole text.
 */
final class FastDetector implements Detector {
  private final Matches matches;
  private final KeywordIndex index;
  private final int[] keywordLengths;

  /**
   * How each rule runs, in rule order; an array, as C1 (which compiles scans under 400 MiB) does
   * not inline a list's interface calls.
   */
  private final RulePlan[] plans;

  /**
   * By keyword id: the indexes of the {@link RulePlan.Trigger#INDEXED_KEYWORD} plans it triggers,
   * so a text's triggered rules come from its distinct keywords rather than a look at every rule.
   */
  private final int[][] plansByKeyword;

  /** Indexes of the {@link RulePlan.Trigger#ALWAYS} plans. */
  private final int[] alwaysPlans;

  /** Indexes of the {@link RulePlan.Trigger#LOWER_CASE_TEXT} plans. */
  private final int[] lowerCasePlans;

  /**
   * Indexes into {@link #plans} of the DFA rules that read the whole text, in {@link #wholeText}'s
   * order.
   */
  private final int[] wholeTextPlans;

  /** The union of those rules' forward DFAs, or null when there are none. */
  private final LazyDfa wholeText;

  private final Comparator<Candidate> order;

  /** Where the plans of rules outside the built-in pack are kept between runs, or null. */
  private final SavedPlans saved;

  /** The plans of those rules. */
  private final List<RulePlan> ownPlans;

  /**
   * Each thread's lazily built DFA states: per plan forward at 2i, backward at 2i+1; the union
   * last.
   */
  private final ThreadLocal<LazyDfa.Cache[]> caches;

  FastDetector(RuleSet ruleSet, DetectorOptions options) {
    this(ruleSet, options, LazyDfa.MAX_CACHED_STATES);
  }

  /**
   * @param maxCachedStates DFA states each thread keeps per DFA before flushing (small in tests, to
   *     flush)
   */
  FastDetector(RuleSet ruleSet, DetectorOptions options, int maxCachedStates) {
    this(ruleSet, options, maxCachedStates, PlanCache.builtin());
  }

  /**
   * @param shapes rule plan shapes and DFA tables decided already (the built-in pack's); other
   *     rules are analysed
   */
  FastDetector(RuleSet ruleSet, DetectorOptions options, int maxCachedStates, PlanCache shapes) {
    this.matches = new Matches(Detectors.checksummedFormats(ruleSet), options);
    List<Rule> rules = ruleSet.rules().stream().filter(Rule::hasRegex).toList();
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Rule r : rules) {
      for (String k : r.keywords()) {
        if (RulePlan.indexable(k)) {
          ids.putIfAbsent(k, ids.size());
        }
      }
    }
    // Rules outside the built-in pack: their plans as a previous run saved them, if it did.
    List<Rule> own = rules.stream().filter(r -> shapes.shapeFor(r) == null).toList();
    this.saved =
        own.isEmpty() || options.savedPlans() == null
            ? null
            : SavedPlans.open(options.savedPlans(), own);
    PlanCache ownCache = saved == null ? PlanCache.EMPTY : saved.cache();
    List<RulePlan> p = new ArrayList<>();
    List<RulePlan> ownPlans = new ArrayList<>();
    List<Integer> whole = new ArrayList<>();
    Map<Rule, RulePlan.Analysis> analysed = analyseUndecided(own, ownCache);
    for (Rule r : rules) {
      PlanCache from = shapes.shapeFor(r) != null ? shapes : ownCache;
      RulePlan.Shape known = from.shapeFor(r);
      RulePlan plan =
          known != null
              ? RulePlan.of(r, known, ids, maxCachedStates, from)
              : RulePlan.of(r, analysed.get(r), ids, maxCachedStates, from);
      if (from != shapes) {
        ownPlans.add(plan);
      }
      if (plan.kind == RulePlan.Kind.DFA && !plan.windowed && !plan.anchored) {
        whole.add(p.size());
      }
      p.add(plan);
    }
    this.index = new KeywordIndex(new ArrayList<>(ids.keySet()));
    this.keywordLengths = index.keywords().stream().mapToInt(String::length).toArray();
    this.plans = p.toArray(new RulePlan[0]);
    this.ownPlans = List.copyOf(ownPlans);
    List<List<Integer>> byKeyword = new ArrayList<>();
    for (int k = 0; k < ids.size(); k++) {
      byKeyword.add(new ArrayList<>());
    }
    List<Integer> always = new ArrayList<>();
    List<Integer> lowerCase = new ArrayList<>();
    for (int i = 0; i < plans.length; i++) {
      switch (plans[i].trigger) {
        case ALWAYS -> always.add(i);
        case LOWER_CASE_TEXT -> lowerCase.add(i);
        case INDEXED_KEYWORD -> {
          for (int id : plans[i].keywordIdList) {
            if (!byKeyword.get(id).contains(i)) {
              byKeyword.get(id).add(i);
            }
          }
        }
      }
    }
    this.plansByKeyword =
        byKeyword.stream()
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    this.alwaysPlans = always.stream().mapToInt(Integer::intValue).toArray();
    this.lowerCasePlans = lowerCase.stream().mapToInt(Integer::intValue).toArray();
    this.wholeTextPlans = whole.stream().mapToInt(Integer::intValue).toArray();
    this.wholeText =
        whole.isEmpty()
            ? null
            : new LazyDfa(
                whole.stream().map(i -> plans[i].language()).toList(), true, maxCachedStates);
    this.order = Detectors.order(rules);
    this.caches = ThreadLocal.withInitial(() -> new LazyDfa.Cache[2 * plans.length + 1]);
  }

  /**
   * The analyses of the rules outside the built-in pack that no saved plan decided, made on all
   * cores: the scan waits for this detector, so its threads are idle meanwhile (gitleaks' ~200
   * rules take ~0.5 CPU-s).
   */
  private static Map<Rule, RulePlan.Analysis> analyseUndecided(List<Rule> own, PlanCache saved) {
    List<Rule> undecided = own.stream().filter(r -> saved.shapeFor(r) == null).toList();
    Map<Rule, RulePlan.Analysis> out = new IdentityHashMap<>();
    List<RulePlan.Analysis> analyses =
        undecided.size() < 2
            ? undecided.stream().map(RulePlan::analysisOf).toList()
            : undecided.parallelStream().map(RulePlan::analysisOf).toList();
    for (int i = 0; i < undecided.size(); i++) {
      out.put(undecided.get(i), analyses.get(i));
    }
    return out;
  }

  /** Keeps the plans of rules outside the built-in pack, with the tables built so far. */
  @Override
  public void scanEnded() {
    if (saved != null) {
      saved.save(ownPlans);
    }
  }

  /** How each rule is run, for the benchmark's report: rule id to plan description. */
  Map<String, String> describePlans() {
    Map<String, String> out = new LinkedHashMap<>();
    for (RulePlan p : plans) {
      String reach =
          p.windowed
              ? " ("
                  + p.newlines
                  + " lines"
                  + (p.newlinesBeforeKeyword < p.newlines
                      ? ", " + p.newlinesBeforeKeyword + " before"
                      : "")
                  + ")"
              : p.anchored ? " (from " + p.newlinesBeforeKeyword + " lines before)" : "";
      String on =
          (p.windowed || p.anchored) && !p.anchorWords.equals(p.rule.keywords())
              ? " on " + p.anchorWords
              : "";
      out.put(p.rule.id(), p.kind + " " + p.why + reach + on);
    }
    return out;
  }

  @Override
  public List<Candidate> detect(String text) {
    return detect(text, text.toCharArray());
  }

  @Override
  public List<Candidate> detect(String text, char[] chars, int length) {
    if (length < 0 || length > chars.length || text != null && text.length() != length) {
      throw new IllegalArgumentException(
          "a text of "
              + length
              + " chars in "
              + chars.length
              + (text == null ? "" : " given as " + text.length()));
    }
    LazyDfa.Cache[] dfas = caches.get();
    int union = dfas.length - 1;
    if (wholeText != null && dfas[union] == null) {
      dfas[union] = wholeText.newCache();
    }
    // The whole-text rules' DFA runs in the keyword pass, before we know which of them are
    // triggered: most source text triggers at least one, and riding along costs far less than a
    // pass of its own.
    KeywordIndex.Hits hits = index.scan(chars, length, dfas[union]);
    // The loops over hits and plans live in methods of their own: a loop here would have the JIT
    // compile this whole method, with all it inlines, on stack replacement, and again after.
    boolean[] triggered = new boolean[plans.length];
    // A rule triggered by the lower-cased text reads all of it: its string is made here, once, and
    // shared with the scan, where a naive plan would otherwise make it again.
    String whole = text != null || lowerCasePlans.length == 0 ? text : new String(chars, 0, length);
    int[] triggeredList = triggered(whole, hits, triggered);
    TextScan scan =
        new TextScan(
            plans,
            wholeTextPlans,
            matches,
            whole,
            chars,
            length,
            hits,
            dfas,
            triggered,
            triggeredList,
            keywordLengths);
    scan.findEnds();
    scan.matchTriggered();
    List<Candidate> out = scan.candidates();
    out.sort(order);
    return out;
  }

  /**
   * Marks in {@code triggered} the plans whose rules run on this text (one of their keywords
   * occurs, or they need none) and returns their indexes, ascending.
   *
   * @param text the whole text; null only when no plan is triggered by the lower-cased text
   */
  private int[] triggered(String text, KeywordIndex.Hits hits, boolean[] triggered) {
    int[] list = new int[alwaysPlans.length + 16];
    int n = 0;
    for (int p : alwaysPlans) {
      triggered[p] = true;
      list[n++] = p;
    }
    boolean[] seen = new boolean[plansByKeyword.length];
    int[] pairs = hits.pairs();
    for (int h = 1, len = hits.length(); h < len; h += 2) {
      int id = pairs[h];
      if (id != KeywordIndex.ANY_KEYWORD && !seen[id]) {
        seen[id] = true;
        int[] byKeyword = plansByKeyword[id];
        if (list.length - n < byKeyword.length + 1) {
          list = Arrays.copyOf(list, Math.max(2 * list.length, n + byKeyword.length + 1));
        }
        n = mark(byKeyword, triggered, list, n);
      }
    }
    if (lowerCasePlans.length > 0) {
      list = Arrays.copyOf(list, n + lowerCasePlans.length + 1);
      String lower = text.toLowerCase(Locale.ROOT);
      for (int p : lowerCasePlans) {
        if (NaiveDetector.hasKeyword(plans[p].rule, lower)) {
          triggered[p] = true;
          list[n++] = p;
        }
      }
    }
    Arrays.sort(list, 0, n);
    return Arrays.copyOf(list, n);
  }

  /** Marks the plans not marked yet, appending them to {@code list} at {@code n}; the new n. */
  private static int mark(int[] planIds, boolean[] triggered, int[] list, int n) {
    for (int p : planIds) {
      if (!triggered[p]) {
        triggered[p] = true;
        list[n++] = p;
      }
    }
    return n;
  }
}
