package dev.keyhound.scanner.detect;

import dev.keyhound.scanner.detect.RegexSyntax.Node;
import dk.brics.automaton.Automaton;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates an RE2 syntax tree into a finite automaton over UTF-16 chars whose language contains
 * every string the regex can match. Zero-width assertions become the empty string and long counted
 * repeats are loosened, so the language is a superset: that is all a prefilter needs, and it keeps
 * the DFAs small.
 */
final class RegexAutomata {
  /**
   * Longer counted repeats lose their upper bound and keep at most this many required copies
   * (a{3,40} becomes a{3,}, a{32} becomes a{8,}). An exact count after a literal, as in {@code
   * AKIA[A-Z0-9]{16}}, would make the "anywhere in the text" DFA track every overlapping occurrence
   * (2^16 states); unbounded, the earliest occurrence subsumes the later ones.
   */
  static final int MAX_COPIES = 8;

  /**
   * Counted repeats up to this many copies are kept exact: cheap, and they keep the superset tight.
   */
  static final int EXACT_COPIES = 8;

  static final int UNBOUNDED = Integer.MAX_VALUE;

  /**
   * Stands for the end of the text in forward automata; a real U+FFFF in text only widens the
   * superset.
   */
  static final char END_OF_TEXT = '\uFFFF';

  private RegexAutomata() {}

  /** A superset of the regex's language, read forwards, or read backwards when {@code reversed}. */
  static Automaton superset(Node n, boolean reversed) {
    return switch (n.op()) {
      case NO_MATCH -> Automaton.makeEmpty();
      case EMPTY_MATCH, BEGIN_LINE, END_LINE, BEGIN_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY ->
          Automaton.makeEmptyString();
      // Read forwards, the end of the text is a char of its own (fed once after the last char), so
      // that a
      // "value(?:['\"\s;]|$)" tail does not become "value" followed by anything.
      case END_TEXT -> reversed ? Automaton.makeEmptyString() : Automaton.makeChar(END_OF_TEXT);
      case LITERAL -> literal(n, reversed);
      case CHAR_CLASS -> ranges(n.runes());
      case ANY_CHAR -> ranges(new int[] {0, Character.MAX_CODE_POINT});
      case ANY_CHAR_NOT_NL -> ranges(new int[] {0, '\n' - 1, '\n' + 1, Character.MAX_CODE_POINT});
      case CAPTURE -> superset(n.subs().get(0), reversed);
      case STAR -> superset(n.subs().get(0), reversed).repeat();
      case PLUS -> superset(n.subs().get(0), reversed).repeat(1);
      case QUEST -> superset(n.subs().get(0), reversed).optional();
      case REPEAT -> repeat(superset(n.subs().get(0), reversed), n.min(), n.max());
      case CONCAT -> {
        List<Automaton> parts = new ArrayList<>();
        for (Node s : n.subs()) {
          parts.add(superset(s, reversed));
        }
        if (reversed) {
          java.util.Collections.reverse(parts);
        }
        yield Automaton.concatenate(parts);
      }
      case ALTERNATE -> {
        List<Automaton> parts = new ArrayList<>();
        for (Node s : n.subs()) {
          parts.add(superset(s, reversed));
        }
        yield Automaton.union(parts);
      }
    };
  }

  /** The most line feeds one match can contain, {@link #UNBOUNDED} when there is no limit. */
  static int maxNewlines(Node n) {
    return switch (n.op()) {
      case NO_MATCH,
          EMPTY_MATCH,
          BEGIN_LINE,
          END_LINE,
          BEGIN_TEXT,
          END_TEXT,
          WORD_BOUNDARY,
          NO_WORD_BOUNDARY,
          ANY_CHAR_NOT_NL ->
          0;
      case ANY_CHAR -> 1;
      case LITERAL -> {
        int count = 0;
        for (int r : n.runes()) {
          count += r == '\n' ? 1 : 0;
        }
        yield count;
      }
      case CHAR_CLASS -> {
        int[] r = n.runes();
        int hit = 0;
        for (int i = 0; i + 1 < r.length; i += 2) {
          hit |= r[i] <= '\n' && '\n' <= r[i + 1] ? 1 : 0;
        }
        yield hit;
      }
      case CAPTURE, QUEST -> maxNewlines(n.subs().get(0));
      case STAR, PLUS -> maxNewlines(n.subs().get(0)) == 0 ? 0 : UNBOUNDED;
      case REPEAT -> {
        int sub = maxNewlines(n.subs().get(0));
        yield sub == 0 ? 0 : n.max() < 0 ? UNBOUNDED : saturatedProduct(sub, n.max());
      }
      case CONCAT -> {
        int sum = 0;
        for (Node s : n.subs()) {
          int m = maxNewlines(s);
          sum = m == UNBOUNDED || sum > UNBOUNDED - m ? UNBOUNDED : sum + m;
        }
        yield sum;
      }
      case ALTERNATE -> {
        int max = 0;
        for (Node s : n.subs()) {
          max = Math.max(max, maxNewlines(s));
        }
        yield max;
      }
    };
  }

  private static int saturatedProduct(int a, int b) {
    long p = (long) a * b;
    return p >= UNBOUNDED ? UNBOUNDED : (int) p;
  }

  private static Automaton repeat(Automaton sub, int min, int max) {
    if (max >= 0 && max <= EXACT_COPIES) {
      return sub.repeat(min, max);
    }
    return max == 0 ? Automaton.makeEmptyString() : sub.repeat(Math.min(min, MAX_COPIES));
  }

  private static Automaton literal(Node n, boolean reversed) {
    int[] runes = n.runes();
    List<Automaton> parts = new ArrayList<>();
    for (int i = 0; i < runes.length; i++) {
      int r = runes[reversed ? runes.length - 1 - i : i];
      int[] orbit = n.foldCase() ? RegexSyntax.foldOrbit(r) : new int[] {r};
      List<Automaton> alts = new ArrayList<>();
      for (int o : orbit) {
        alts.add(codePoint(o, reversed));
      }
      parts.add(Automaton.union(alts));
    }
    return Automaton.concatenate(parts);
  }

  private static Automaton codePoint(int cp, boolean reversed) {
    if (cp <= Character.MAX_VALUE) {
      return Automaton.makeChar((char) cp);
    }
    char[] pair = Character.toChars(cp);
    return Automaton.makeChar(pair[reversed ? 1 : 0])
        .concatenate(Automaton.makeChar(pair[reversed ? 0 : 1]));
  }

  /**
   * Code point ranges as chars. A supplementary code point is two chars; its exact pair set is not
   * needed, so any high surrogate followed or preceded by any low surrogate stands in for it (which
   * is symmetric, so the same automaton serves both directions).
   */
  private static Automaton ranges(int[] r) {
    List<Automaton> alts = new ArrayList<>();
    boolean supplementary = false;
    for (int i = 0; i + 1 < r.length; i += 2) {
      int lo = r[i];
      int hi = r[i + 1];
      if (lo <= Character.MAX_VALUE) {
        alts.add(Automaton.makeCharRange((char) lo, (char) Math.min(hi, Character.MAX_VALUE)));
      }
      supplementary |= hi > Character.MAX_VALUE;
    }
    if (supplementary) {
      Automaton high =
          Automaton.makeCharRange(Character.MIN_HIGH_SURROGATE, Character.MAX_HIGH_SURROGATE);
      Automaton low =
          Automaton.makeCharRange(Character.MIN_LOW_SURROGATE, Character.MAX_LOW_SURROGATE);
      alts.add(high.concatenate(low));
      alts.add(low.concatenate(high));
    }
    return alts.isEmpty() ? Automaton.makeEmpty() : Automaton.union(alts);
  }
}
