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
  private final RulePlan[] plans;
  private final int[] wholeTextPlans;
  private final Matches matches;

  /** The text as a string: given, or made the first time a rule needs it; see {@link #text}. */
  private String text;

  private final char[] chars;

  /** The text is {@code chars[0, length)}; a buffer reused from text to text holds more. */
  private final int length;

  private final KeywordIndex.Hits hits;
  private final LazyDfa.Cache[] dfas;
  private final boolean[] triggered;

  /** The indexes of the triggered plans, ascending. */
  private final int[] triggeredList;

  private final List<Candidate> out = new ArrayList<>();

  /** Per plan: (end, start of the range the end was found in) pairs, ascending; null for none. */
  private final int[][] ends;

  private final int[] endCount;
  private final int[] keywordLengths;
  private LineIndex lines;

  /** By hit: where its line starts; see {@link #hitLineStarts()}. */
  private int[] hitLineStarts;

  /** Reused per rule: spans as flat (start, end) pairs. */
  private int[] spans = new int[16];

  private int spanCount;

  /**
   * @param wholeTextPlans indexes of the plans in the union DFA, by their index in it
   * @param dfas this thread's DFA caches: per plan forward at 2i, backward at 2i+1; the union last
   * @param triggered by plan: whether its rule runs on this text
   * @param triggeredList the indexes of the plans triggered, ascending
   */
  TextScan(
      RulePlan[] plans,
      int[] wholeTextPlans,
      Matches matches,
      String text,
      char[] chars,
      int length,
      KeywordIndex.Hits hits,
      LazyDfa.Cache[] dfas,
      boolean[] triggered,
      int[] triggeredList,
      int[] keywordLengths) {
    this.plans = plans;
    this.wholeTextPlans = wholeTextPlans;
    this.matches = matches;
    this.text = text;
    this.chars = chars;
    this.length = length;
    this.hits = hits;
    this.dfas = dfas;
    this.triggered = triggered;
    this.triggeredList = triggeredList;
    this.keywordLengths = keywordLengths;
    this.ends = new int[plans.length][];
    this.endCount = new int[plans.length];
  }

  /** The candidates found so far, in no particular order. */
  List<Candidate> candidates() {
    return out;
  }

  private LineIndex lines() {
    return lines == null ? (lines = new LineIndex(chars, length)) : lines;
  }

  /**
   * The whole text as a string, for a rule whose regex runs over all of it (a naive plan); made
   * from the chars the first time when none was given.
   */
  private String text() {
    return text == null ? (text = new String(chars, 0, length)) : text;
  }

  /**
   * Runs every triggered rule's forward DFA: windowed and anchored ones near their hits, the others
   * in one pass.
   */
  void findEnds() {
    for (int i : triggeredList) {
      RulePlan plan = plans[i];
      if (plan.kind == RulePlan.Kind.DFA && (plan.windowed || plan.anchored)) {
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
    for (int i : triggeredList) {
      matchRule(i);
    }
  }

  /**
   * Turns one rule's ends into spans and runs its regex over each (or, for a naive plan, the text).
   */
  void matchRule(int i) {
    RulePlan plan = plans[i];
    if (plan.kind == RulePlan.Kind.NAIVE) {
      collect(plan.rule, plan.rule.regex().matcher(text()), 0);
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
      int to = Math.min(length, spans[k + 1] + 1);
      collect(plan.rule, plan.rule.regex().matcher(new String(chars, from, to - from)), from);
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
   *
   * <p>No line index of the whole text is built for this: a hit's line start comes from {@link
   * #hitLineStarts} (a short look back from each hit), further lines back from a walk that stops
   * where this rule's reading already is, and the cap from counting line feeds as the run reads
   * them. Indexing every line of every text cost more than the runs themselves.
   */
  private void scanAnchored(int i, RulePlan plan, LazyDfa.Cache fwd) {
    int[] lineStarts = hitLineStarts();
    char[] cs = chars;
    int n = length;
    int[] pairs = hits.pairs();
    int before = plan.newlinesBeforeKeyword;
    int charsBefore = Math.min(plan.charsBeforeKeyword, n + 1);
    boolean capped = plan.windowed;
    int after = plan.newlines;
    int start = fwd.start();
    int pos = 0;
    int rangeStart = 0;
    int s = start;
    int counted = 0; // for a windowed plan: line feeds in [counted, pos) are seen
    int seen = 0;
    // The DFA's step, inline: see LazyDfa.Cache#table.
    int[] ascii = fwd.asciiClasses();
    int[] table = fwd.table();
    boolean[] accepting = fwd.accepting();
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
      // Both bounds hold; the later one is the tighter.
      int bound = hitEnd - 1 - charsBefore;
      int from =
          before == 0
              ? Math.max(lineStarts[h >> 1], bound)
              : linesBack(lineStarts[h >> 1], before, Math.max(pos, bound), bound);
      if (from > pos) {
        // Nothing in progress at pos can hold this hit or a later one.
        pos = from;
        rangeStart = from;
        s = start;
      }
      // Line feeds the run may still read at or after hitStart, for a windowed plan: the one after
      // them ends the after-th line after the hit's, the cap. A run still in progress from an
      // earlier hit may have read past hitStart (never past this hit's cap: a later hit's cap is no
      // earlier; were it, left is below 0 and nothing is read). Those line feeds are counted from
      // the ones the run saw since the previous hit, so each stretch is counted once.
      int left = Integer.MAX_VALUE; // uncapped: more than the line feeds of any text
      if (capped) {
        int read =
            pos <= hitStart
                ? 0
                : hitStart >= counted
                    ? seen - newlines(counted, hitStart)
                    : newlines(hitStart, pos);
        left = after - read;
      }
      while (left >= 0 && pos < n && (pos < hitEnd || s != start)) {
        char c = cs[pos];
        if (c == '\n' && pos >= hitStart) {
          if (left == 0) {
            break;
          }
          left--;
        }
        int k = c < 128 ? ascii[c] : fwd.classOf(c);
        int t = table[s + k];
        if (t < 0) {
          t = fwd.compute(s, k);
          table = fwd.table();
          accepting = fwd.accepting();
        }
        s = t;
        pos++;
        if (accepting[s]) {
          addEnd(i, pos, rangeStart);
        }
      }
      if (capped) {
        counted = hitStart;
        seen = after - left; // line feeds in [hitStart, pos)
      }
      if (pos == n) {
        if (fwd.accepts(fwd.step(s, RegexAutomata.END_OF_TEXT))) {
          addEnd(i, n, rangeStart);
        }
        return;
      }
    }
  }

  /** Line feeds in {@code chars[from, to)}. */
  private int newlines(int from, int to) {
    int count = 0;
    for (int k = from; k < to; k++) {
      if (chars[k] == '\n') {
        count++;
      }
    }
    return count;
  }

  /**
   * Where a run must start for a hit whose line starts at {@code lineStart}: the start of the line
   * {@code before} lines up, or {@code bound} when that is later. Stops walking back at {@code
   * floor} (where this rule's reading already is, or {@code bound}): a start at or before it
   * changes nothing, so it may return any offset from the true start up to {@code floor} then.
   */
  private int linesBack(int lineStart, int before, int floor, int bound) {
    char[] cs = chars;
    int p = lineStart;
    for (int k = 0; k < before && p > floor; k++) {
      p = lineStartOf(cs, p - 1); // p - 1 is the line feed ending the line before
    }
    return Math.max(bound, p);
  }

  private int[] hitLineStarts() {
    return hitLineStarts == null
        ? (hitLineStarts = lineStarts(chars, length, hits.pairs(), hits.length()))
        : hitLineStarts;
  }

  /**
   * By hit (index in {@code pairs} / 2): the offset where the line holding its start begins (after
   * the last line feed before it). Hits on the line of the previous one cost nothing; a hit on a
   * later line costs a look back to that line's start and a search for its end, so only lines that
   * hold hits are read.
   *
   * @param cs the text's chars: the text is {@code cs[0, n)}
   * @param pairs (start, keyword) pairs, in the keyword index's end order
   * @param length the number of ints used in {@code pairs}
   */
  static int[] lineStarts(char[] cs, int n, int[] pairs, int length) {
    int[] out = new int[length >> 1];
    int lastStart = 0; // the latest hit start so far,
    int lineStart = 0; // the start of its line,
    int lineEnd = LineIndex.lineFeedFrom(cs, 0, n); // and the line feed ending it, or -1
    for (int h = 0; h < length; h += 2) {
      int hs = pairs[h];
      if (hs >= lastStart) {
        if (lineEnd >= 0 && lineEnd < hs) {
          lineStart = lineStartOf(cs, hs); // the look back stops at lineEnd at the latest
          lineEnd = LineIndex.lineFeedFrom(cs, hs, n);
        }
        lastStart = hs;
        out[h >> 1] = lineStart;
      } else {
        out[h >> 1] = lineStartBefore(cs, hs, lastStart, lineStart);
      }
    }
    return out;
  }

  /**
   * The line start of {@code offset}, which lies before {@code later}: {@code laterLine} when no
   * line feed lies between them (a hit that starts before an earlier one in end order holds it, and
   * keywords hold no line feed), else a plain look back.
   */
  private static int lineStartBefore(char[] cs, int offset, int later, int laterLine) {
    for (int k = offset; k < later; k++) {
      if (cs[k] == '\n') {
        return lineStartOf(cs, offset);
      }
    }
    return laterLine;
  }

  /** Where the line holding {@code cs[at]} starts: after the last line feed before {@code at}. */
  private static int lineStartOf(char[] cs, int at) {
    int q = at - 1;
    while (q >= 0 && cs[q] != '\n') {
      q--;
    }
    return q + 1;
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
        && Character.isLowSurrogate(chars[start])
        && Character.isHighSurrogate(chars[start - 1])) {
      start--;
    }
    if (end < length
        && Character.isLowSurrogate(chars[end])
        && Character.isHighSurrogate(chars[end - 1])) {
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
