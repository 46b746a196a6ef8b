package dev.keyhound.scanner;

import com.google.re2j.Matcher;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gives exactly {@link NaiveDetector}'s candidates, fast. One Aho-Corasick pass finds every keyword; each
 * triggered rule's DFA prefilter (see {@link RulePlan}) then finds where its matches could end: over the lines
 * near its keywords, or, for rules whose matches need not contain a keyword or may span unboundedly many
 * lines, in one pass over the whole text shared by all such rules. A reverse DFA finds where each could
 * start, and RE2/J runs only over those spans. The spans contain every string the regex could match and are
 * apart from one another, so RE2/J finds in them exactly the matches it finds in the whole text.
 */
final class FastDetector implements Detector {
  private final NaiveDetector naive;
  private final Matches matches;
  private final KeywordIndex index;
  private final List<RulePlan> plans;
  /** Indexes into {@link #plans} of the DFA rules that read the whole text, in {@link #wholeText}'s order. */
  private final int[] wholeTextPlans;
  /** The union of those rules' forward DFAs, or null when there are none. */
  private final LazyDfa wholeText;
  private final Comparator<Candidate> order;
  /** Each thread's lazily built DFA states: per plan forward at 2i, backward at 2i+1; the union last. */
  private final ThreadLocal<LazyDfa.Cache[]> caches;

  FastDetector(RuleSet ruleSet, DetectorOptions options) {
    this.naive = new NaiveDetector(ruleSet, options);
    this.matches = new Matches(Detectors.checksummedFormats(ruleSet), options);
    List<Rule> rules = ruleSet.rules().stream().filter(r -> r.regex() != null).toList();
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Rule r : rules) {
      for (String k : r.keywords()) {
        if (RulePlan.indexable(k)) {
          ids.putIfAbsent(k, ids.size());
        }
      }
    }
    this.index = new KeywordIndex(new ArrayList<>(ids.keySet()));
    List<RulePlan> p = new ArrayList<>();
    List<Integer> whole = new ArrayList<>();
    for (Rule r : rules) {
      RulePlan plan = RulePlan.of(r, ids, ids.size());
      if (plan.kind == RulePlan.Kind.DFA && !plan.windowed) {
        whole.add(p.size());
      }
      p.add(plan);
    }
    this.plans = List.copyOf(p);
    this.wholeTextPlans = whole.stream().mapToInt(Integer::intValue).toArray();
    this.wholeText = whole.isEmpty() ? null
        : new LazyDfa(whole.stream().map(i -> plans.get(i).language).toList(), true);
    this.order = Detectors.order(rules);
    this.caches = ThreadLocal.withInitial(() -> new LazyDfa.Cache[2 * plans.size() + 1]);
  }

  /** How each rule is run, for the benchmark's report: rule id to plan description. */
  Map<String, String> describePlans() {
    Map<String, String> out = new LinkedHashMap<>();
    for (RulePlan p : plans) {
      out.put(p.rule.id(), p.kind + " " + p.why + (p.windowed ? " (" + p.newlines + " lines)" : ""));
    }
    return out;
  }

  @Override
  public List<Candidate> detect(String text) {
    char[] chars = text.toCharArray();
    KeywordIndex.Hits hits = index.scan(chars);
    if (hits == null) {
      return naive.detect(text);
    }
    boolean[] seen = new boolean[index.keywords().size()];
    int[] pairs = hits.pairs();
    for (int i = 0; i < hits.length(); i += 2) {
      seen[pairs[i + 1]] = true;
    }
    boolean[] triggered = new boolean[plans.size()];
    String lower = null;
    for (int i = 0; i < plans.size(); i++) {
      RulePlan plan = plans.get(i);
      triggered[i] = switch (plan.trigger) {
        case ALWAYS -> true;
        case INDEXED_KEYWORD -> anySeen(plan.keywordIdList, seen);
        case LOWER_CASE_TEXT -> NaiveDetector.hasKeyword(plan.rule,
            lower == null ? (lower = text.toLowerCase(Locale.ROOT)) : lower);
      };
    }
    DetectorScan scan = new DetectorScan(text, chars, hits, caches.get(), triggered);
    scan.findEnds();
    for (int i = 0; i < plans.size(); i++) {
      if (triggered[i]) {
        scan.matchRule(i);
      }
    }
    List<Candidate> out = scan.out;
    out.sort(order);
    return out;
  }

  private static boolean anySeen(int[] ids, boolean[] seen) {
    for (int id : ids) {
      if (seen[id]) {
        return true;
      }
    }
    return false;
  }

  /** One text's scan: possible match ends per rule, then spans, then RE2/J over the spans. */
  private final class DetectorScan {
    final String text;
    final char[] chars;
    final KeywordIndex.Hits hits;
    final LazyDfa.Cache[] dfas;
    final boolean[] triggered;
    final List<Candidate> out = new ArrayList<>();
    /** Per plan: (end, start of the range the end was found in) pairs, ascending; null for none. */
    final int[][] ends;
    final int[] endCount;
    LineIndex lines;
    /** Reused per rule: spans as flat (start, end) pairs. */
    int[] spans = new int[16];
    int spanCount;

    DetectorScan(String text, char[] chars, KeywordIndex.Hits hits, LazyDfa.Cache[] dfas, boolean[] triggered) {
      this.text = text;
      this.chars = chars;
      this.hits = hits;
      this.dfas = dfas;
      this.triggered = triggered;
      this.ends = new int[plans.size()][];
      this.endCount = new int[plans.size()];
    }

    LineIndex lines() {
      return lines == null ? (lines = new LineIndex(text)) : lines;
    }

    /** Runs every triggered rule's forward DFA: windowed ones near their hits, the others in one pass. */
    void findEnds() {
      for (int i = 0; i < plans.size(); i++) {
        RulePlan plan = plans.get(i);
        if (triggered[i] && plan.kind == RulePlan.Kind.DFA && plan.windowed) {
          if (dfas[2 * i] == null) {
            dfas[2 * i] = plan.forward.newCache();
          }
          scanWindows(i, plan, dfas[2 * i]);
        }
      }
      boolean any = false;
      for (int i : wholeTextPlans) {
        any |= triggered[i];
      }
      if (any) {
        int last = dfas.length - 1;
        if (dfas[last] == null) {
          dfas[last] = wholeText.newCache();
        }
        scanWholeText(dfas[last]);
      }
    }

    /** Turns one rule's ends into spans and runs its regex over each (or, for a naive plan, the text). */
    void matchRule(int i) {
      RulePlan plan = plans.get(i);
      if (plan.kind == RulePlan.Kind.NAIVE) {
        collect(plan.rule, plan.rule.regex().matcher(text), 0);
        return;
      }
      if (endCount[i] == 0) {
        return;
      }
      if (dfas[2 * i + 1] == null) {
        dfas[2 * i + 1] = plan.backward.newCache();
      }
      LazyDfa.Cache back = dfas[2 * i + 1];
      spanCount = 0;
      int[] e = ends[i];
      for (int k = 0; k < endCount[i]; k += 2) {
        addSpan(earliestStart(back, e[k + 1], e[k]), e[k]);
      }
      for (int k = 0; k < spanCount; k += 2) {
        int from = Math.max(0, spans[k] - 1);
        int to = Math.min(text.length(), spans[k + 1] + 1);
        collect(plan.rule, plan.rule.regex().matcher(text.substring(from, to)), from);
      }
    }

    private void collect(Rule rule, Matcher m, int offset) {
      while (m.find()) {
        Candidate c = matches.toCandidate(rule, m, offset, lines());
        if (c != null) {
          out.add(c);
        }
      }
    }

    /** Runs the rule's forward DFA over the lines within its reach of each of its keyword hits. */
    private void scanWindows(int i, RulePlan plan, LazyDfa.Cache fwd) {
      LineIndex li = lines();
      int n = plan.newlines;
      int lo = -1;
      int hi = -1;
      int[] pairs = hits.pairs();
      // Hits come in end order; a keyword holds no line feed, so their lines never decrease.
      for (int h = 0; h < hits.length(); h += 2) {
        if (!plan.keywordIds[pairs[h + 1]]) {
          continue;
        }
        int line = li.line(pairs[h]);
        int first = Math.max(1, line - n);
        int last = (int) Math.min((long) li.lineCount(), (long) line + n);
        if (lo < 0) {
          lo = first;
          hi = last;
        } else if (first <= hi + 1) {
          hi = Math.max(hi, last);
        } else {
          scanRange(i, fwd, li.lineStart(lo), li.lineEnd(hi));
          lo = first;
          hi = last;
        }
      }
      if (lo >= 0) {
        scanRange(i, fwd, li.lineStart(lo), li.lineEnd(hi));
      }
    }

    /** Records every end of a possible match in [from, to) (and at the text's end, if it is reached). */
    private void scanRange(int plan, LazyDfa.Cache fwd, int from, int to) {
      char[] cs = chars;
      int s = fwd.start();
      for (int i = from; i < to; i++) {
        s = fwd.step(s, cs[i]);
        if (fwd.accepts(s)) {
          addEnd(plan, i + 1, from);
        }
      }
      if (to == cs.length && fwd.accepts(fwd.step(s, RegexAutomata.END_OF_TEXT))) {
        addEnd(plan, to, from);
      }
    }

    /** One pass of the union DFA of all whole-text rules, recording ends for those triggered. */
    private void scanWholeText(LazyDfa.Cache fwd) {
      char[] cs = chars;
      int s = fwd.start();
      for (int i = 0; i <= cs.length; i++) {
        s = fwd.step(s, i < cs.length ? cs[i] : RegexAutomata.END_OF_TEXT);
        if (fwd.accepts(s)) {
          for (int a : fwd.accepted(s)) {
            int plan = wholeTextPlans[a];
            if (triggered[plan]) {
              addEnd(plan, Math.min(i + 1, cs.length), 0);
            }
          }
        }
      }
    }

    private void addEnd(int plan, int end, int rangeStart) {
      int[] e = ends[plan];
      int n = endCount[plan];
      if (n > 0 && e[n - 2] == end) {
        return; // the end-of-text step can repeat the last char's end
      }
      if (e == null) {
        e = ends[plan] = new int[8];
      } else if (n + 2 > e.length) {
        e = ends[plan] = Arrays.copyOf(e, e.length * 2);
      }
      e[n] = end;
      e[n + 1] = rangeStart;
      endCount[plan] = n + 2;
    }

    private int earliestStart(LazyDfa.Cache back, int from, int end) {
      int s = back.start();
      int start = end;
      char[] cs = chars;
      for (int j = end - 1; j >= from; j--) {
        s = back.step(s, cs[j]);
        if (s == LazyDfa.DEAD) {
          break;
        }
        if (back.accepts(s)) {
          start = j;
        }
      }
      return start;
    }

    /** Adds a span, merging it with those it overlaps or touches; never splits a surrogate pair. */
    private void addSpan(int start, int end) {
      if (start > 0 && Character.isLowSurrogate(text.charAt(start))
          && Character.isHighSurrogate(text.charAt(start - 1))) {
        start--;
      }
      if (end < text.length() && Character.isLowSurrogate(text.charAt(end))
          && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      while (spanCount > 0 && start <= spans[spanCount - 1]) {
        start = Math.min(start, spans[spanCount - 2]);
        end = Math.max(end, spans[spanCount - 1]);
        spanCount -= 2;
      }
      if (spanCount + 2 > spans.length) {
        spans = Arrays.copyOf(spans, spans.length * 2);
      }
      spans[spanCount++] = start;
      spans[spanCount++] = end;
    }
  }
}
