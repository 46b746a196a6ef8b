package dev.keyhound.scanner.detect;

import com.google.re2j.Matcher;
import dev.keyhound.rules.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One text's scan for {@link FastDetector}: possible match ends per triggered rule (from the
 * forward DFAs), then spans (from the reverse DFAs), then RE2/J over each span with one char of
 * context either side.
 */
final class TextScan {
  private final List<RulePlan> plans;
  private final int[] wholeTextPlans;
  private final Matches matches;
  private final String text;
  private final char[] chars;
  private final KeywordIndex.Hits hits;
  private final LazyDfa.Cache[] dfas;
  private final boolean[] triggered;
  private final List<Candidate> out = new ArrayList<>();

  /** Per plan: (end, start of the range the end was found in) pairs, ascending; null for none. */
  private final int[][] ends;

  private final int[] endCount;
  private final int[] keywordLengths;
  private LineIndex lines;

  /** Reused per rule: spans as flat (start, end) pairs. */
  private int[] spans = new int[16];

  private int spanCount;

  /**
   * @param wholeTextPlans indexes of the plans in the union DFA, by their index in it
   * @param dfas this thread's DFA caches: per plan forward at 2i, backward at 2i+1; the union last
   */
  TextScan(
      List<RulePlan> plans,
      int[] wholeTextPlans,
      Matches matches,
      String text,
      char[] chars,
      KeywordIndex.Hits hits,
      LazyDfa.Cache[] dfas,
      boolean[] triggered,
      int[] keywordLengths) {
    this.plans = plans;
    this.wholeTextPlans = wholeTextPlans;
    this.matches = matches;
    this.text = text;
    this.chars = chars;
    this.hits = hits;
    this.dfas = dfas;
    this.triggered = triggered;
    this.keywordLengths = keywordLengths;
    this.ends = new int[plans.size()][];
    this.endCount = new int[plans.size()];
  }

  /** The candidates found so far, in no particular order. */
  List<Candidate> candidates() {
    return out;
  }

  private LineIndex lines() {
    return lines == null ? (lines = new LineIndex(text)) : lines;
  }

  /**
   * Runs every triggered rule's forward DFA: windowed and anchored ones near their hits, the others
   * in one pass.
   */
  void findEnds() {
    for (int i = 0; i < plans.size(); i++) {
      RulePlan plan = plans.get(i);
      if (triggered[i] && plan.kind == RulePlan.Kind.DFA && (plan.windowed || plan.anchored)) {
        if (dfas[2 * i] == null) {
          dfas[2 * i] = plan.forward().newCache();
        }
        scanAnchored(i, plan, dfas[2 * i]);
      }
    }
    for (int k = 0; k < hits.dfaCount(); k++) {
      for (int a : hits.dfaAccepted()[k]) {
        if (triggered[wholeTextPlans[a]]) {
          addEnd(wholeTextPlans[a], hits.dfaEnds()[k], 0);
        }
      }
    }
  }

  /** Runs {@link #matchRule} for every triggered rule. */
  void matchTriggered() {
    for (int i = 0; i < plans.size(); i++) {
      if (triggered[i]) {
        matchRule(i);
      }
    }
  }

  /**
   * Turns one rule's ends into spans and runs its regex over each (or, for a naive plan, the text).
   */
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
      dfas[2 * i + 1] = plan.backward().newCache();
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

  /**
   * Whether a hit counts for a plan: its own keyword, or a char that can stand for a keyword's char
   * only in a case-insensitive regex ({@link KeywordIndex#ANY_KEYWORD}), which counts for all.
   */
  private static boolean isHitFor(RulePlan plan, int keywordId) {
    return keywordId == KeywordIndex.ANY_KEYWORD
        || keywordId < plan.anchorIds.length && plan.anchorIds[keywordId];
  }

  /**
   * Runs the rule's forward DFA from {@link RulePlan#newlinesBeforeKeyword} lines before each of
   * its keyword hits, past the hit, until no match is in progress (the DFA is back in its start
   * state): a match that starts later contains a later hit. For a windowed plan the run also stops
   * at the end of the {@link RulePlan#newlines}-th line after the hit's, past which no match that
   * holds the hit can reach. Ranges that meet are read once.
   *
   * <p>A run reads about as far as a match near the hit could, often a line or less, where a window
   * of whole lines either side of each hit read several times more.
   */
  private void scanAnchored(int i, RulePlan plan, LazyDfa.Cache fwd) {
    LineIndex li = lines();
    char[] cs = chars;
    int n = cs.length;
    int[] pairs = hits.pairs();
    int before = plan.newlinesBeforeKeyword;
    int charsBefore = Math.min(plan.charsBeforeKeyword, n + 1);
    boolean capped = plan.windowed;
    int after = plan.newlines;
    int start = fwd.start();
    int pos = 0;
    int rangeStart = 0;
    int s = start;
    for (int h = 0; h < hits.length(); h += 2) {
      int keyword = pairs[h + 1];
      if (!isHitFor(plan, keyword)) {
        continue;
      }
      int hitStart = pairs[h];
      int hitEnd = hitStart + (keyword == KeywordIndex.ANY_KEYWORD ? 1 : hitLength(keyword));
      if (hitEnd <= pos && s == start) {
        continue; // read already, with every match that could start before it
      }
      int line = li.line(hitStart);
      // Both bounds hold; the later one is the tighter.
      int from = Math.max(li.lineStart(Math.max(1, line - before)), hitEnd - 1 - charsBefore);
      if (from > pos) {
        // Nothing in progress at pos can hold this hit or a later one.
        pos = from;
        rangeStart = from;
        s = start;
      }
      int limit = capped ? li.lineEnd((int) Math.min(li.lineCount(), (long) line + after)) : n;
      while (pos < limit && (pos < hitEnd || s != start)) {
        s = fwd.step(s, cs[pos++]);
        if (fwd.accepts(s)) {
          addEnd(i, pos, rangeStart);
        }
      }
      if (pos == n) {
        if (fwd.accepts(fwd.step(s, RegexAutomata.END_OF_TEXT))) {
          addEnd(i, n, rangeStart);
        }
        return;
      }
    }
  }

  private int hitLength(int keyword) {
    return keywordLengths[keyword];
  }

  private void addEnd(int plan, int end, int rangeStart) {
    int[] e = ends[plan];
    int n = endCount[plan];
    if (n > 0 && e[n - 2] == end) {
      return; // the end-of-text step repeats the last char's end
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
    if (start > 0
        && Character.isLowSurrogate(text.charAt(start))
        && Character.isHighSurrogate(text.charAt(start - 1))) {
      start--;
    }
    if (end < text.length()
        && Character.isLowSurrogate(text.charAt(end))
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
