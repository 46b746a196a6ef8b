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
 * triggered rule then runs its DFA prefilter (see {@link RulePlan}) over the lines near its keywords, or over
 * the whole text when its matches need not contain a keyword or may span unboundedly many lines, and RE2/J
 * runs only over the few spans where a match could be. Those spans contain every string the regex could
 * match and are apart from one another, so RE2/J finds in them exactly the matches it finds in the whole text.
 */
final class FastDetector implements Detector {
  private final NaiveDetector naive;
  private final Matches matches;
  private final KeywordIndex index;
  private final List<RulePlan> plans;
  private final Comparator<Candidate> order;
  /** Each thread's lazily built DFA states, per plan: forward at 2i, backward at 2i+1. */
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
    for (Rule r : rules) {
      p.add(RulePlan.of(r, ids, ids.size()));
    }
    this.plans = List.copyOf(p);
    this.order = Detectors.order(rules);
    this.caches = ThreadLocal.withInitial(() -> new LazyDfa.Cache[2 * plans.size()]);
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
    Scan scan = new Scan(text, chars, hits, caches.get());
    String lower = null;
    for (int i = 0; i < plans.size(); i++) {
      RulePlan plan = plans.get(i);
      boolean triggered = switch (plan.trigger) {
        case ALWAYS -> true;
        case INDEXED_KEYWORD -> anySeen(plan.keywordIdList, seen);
        case LOWER_CASE_TEXT -> NaiveDetector.hasKeyword(plan.rule,
            lower == null ? (lower = text.toLowerCase(Locale.ROOT)) : lower);
      };
      if (triggered) {
        scan.run(i, plan);
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

  /** The state of one text's scan: its lines (built on first need), hits and candidates so far. */
  private final class Scan {
    final String text;
    final char[] chars;
    final KeywordIndex.Hits hits;
    final LazyDfa.Cache[] dfas;
    final List<Candidate> out = new ArrayList<>();
    LazyDfa.Cache forward;
    LazyDfa.Cache backward;
    LineIndex lines;
    /** Reused per rule: spans as flat (start, end) pairs. */
    int[] spans = new int[16];
    int spanCount;

    Scan(String text, char[] chars, KeywordIndex.Hits hits, LazyDfa.Cache[] dfas) {
      this.text = text;
      this.chars = chars;
      this.hits = hits;
      this.dfas = dfas;
    }

    LineIndex lines() {
      return lines == null ? (lines = new LineIndex(text)) : lines;
    }

    void run(int i, RulePlan plan) {
      if (plan.kind == RulePlan.Kind.NAIVE) {
        collect(plan.rule, plan.rule.regex().matcher(text), 0);
        return;
      }
      if (dfas[2 * i] == null) {
        dfas[2 * i] = plan.forward.newCache();
        dfas[2 * i + 1] = plan.backward.newCache();
      }
      forward = dfas[2 * i];
      backward = dfas[2 * i + 1];
      spanCount = 0;
      if (plan.windowed) {
        scanWindows(plan);
      } else {
        scanRange(plan, 0, text.length());
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

    /** Runs the forward DFA over the lines within the rule's reach of each of its keyword hits. */
    private void scanWindows(RulePlan plan) {
      LineIndex li = lines();
      int n = plan.newlines;
      int lo = -1;
      int hi = -1;
      int[] pairs = hits.pairs();
      // Hits come in end order; a keyword holds no line feed, so their lines never decrease.
      for (int i = 0; i < hits.length(); i += 2) {
        if (!plan.keywordIds[pairs[i + 1]]) {
          continue;
        }
        int line = li.line(pairs[i]);
        int first = Math.max(1, line - n);
        int last = (int) Math.min((long) li.lineCount(), (long) line + n);
        if (lo < 0) {
          lo = first;
          hi = last;
        } else if (first <= hi + 1) {
          hi = Math.max(hi, last);
        } else {
          scanRange(plan, li.lineStart(lo), li.lineEnd(hi));
          lo = first;
          hi = last;
        }
      }
      if (lo >= 0) {
        scanRange(plan, li.lineStart(lo), li.lineEnd(hi));
      }
    }

    /** Finds every end of a possible match in [from, to), and for each the earliest start, as spans. */
    private void scanRange(RulePlan plan, int from, int to) {
      LazyDfa.Cache fwd = forward;
      char[] cs = chars;
      int s = fwd.start();
      for (int i = from; i < to; i++) {
        s = fwd.step(s, cs[i]);
        if (fwd.accepts(s)) {
          addSpan(earliestStart(from, i + 1), i + 1);
        }
      }
      if (to == cs.length && fwd.accepts(fwd.step(s, RegexAutomata.END_OF_TEXT))) {
        addSpan(earliestStart(from, to), to);
      }
    }

    private int earliestStart(int from, int end) {
      LazyDfa.Cache back = backward;
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
