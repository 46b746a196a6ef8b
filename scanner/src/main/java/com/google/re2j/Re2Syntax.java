package com.google.re2j;

import java.util.ArrayList;
import java.util.List;

/**
 * Exposes the syntax tree RE2/J parses a pattern into, so keyhound can derive a DFA prefilter whose
 * language is exactly (or a superset of) the one RE2/J matches. It lives in RE2/J's package because
 * the parser is package-private; parsing through it, rather than re-implementing RE2 syntax, is
 * what keeps the two in step.
 */
public final class Re2Syntax {
  private Re2Syntax() {}

  /** What a node does, mirroring RE2's operators. */
  public enum Op {
    NO_MATCH,
    EMPTY_MATCH,
    LITERAL,
    CHAR_CLASS,
    ANY_CHAR_NOT_NL,
    ANY_CHAR,
    BEGIN_LINE,
    END_LINE,
    BEGIN_TEXT,
    END_TEXT,
    WORD_BOUNDARY,
    NO_WORD_BOUNDARY,
    CAPTURE,
    STAR,
    PLUS,
    QUEST,
    REPEAT,
    CONCAT,
    ALTERNATE
  }

  /**
   * One node of a parsed pattern.
   *
   * @param foldCase for a literal: each rune also matches its case-fold orbit
   * @param runes a literal's code points, or a class's inclusive ranges as lo,hi pairs
   * @param max a repeat's upper bound, -1 for none
   */
  public record Node(Op op, boolean foldCase, int[] runes, int min, int max, List<Node> subs) {}

  /** Parses a compiled pattern's source exactly as {@link Pattern#compile(String, int)} did. */
  public static Node parse(Pattern pattern) {
    int flags = pattern.flags();
    String expr = pattern.pattern();
    if ((flags & Pattern.CASE_INSENSITIVE) != 0) {
      expr = "(?i)" + expr;
    }
    if ((flags & Pattern.DOTALL) != 0) {
      expr = "(?s)" + expr;
    }
    if ((flags & Pattern.MULTILINE) != 0) {
      expr = "(?m)" + expr;
    }
    int mode = RE2.PERL;
    if ((flags & Pattern.DISABLE_UNICODE_GROUPS) != 0) {
      mode &= ~RE2.UNICODE_GROUPS;
    }
    return convert(Parser.parse(expr, mode));
  }

  /** The runes that a case-folding match of {@code rune} accepts, {@code rune} included. */
  public static int[] foldOrbit(int rune) {
    List<Integer> orbit = new ArrayList<>();
    orbit.add(rune);
    // simpleFold falls back on Java's toLowerCase/toUpperCase, which need not cycle back to the
    // start.
    for (int r = Unicode.simpleFold(rune); !orbit.contains(r); r = Unicode.simpleFold(r)) {
      orbit.add(r);
    }
    return orbit.stream().mapToInt(Integer::intValue).toArray();
  }

  private static Node convert(Regexp re) {
    List<Node> subs = new ArrayList<>();
    if (re.subs != null) {
      for (Regexp s : re.subs) {
        subs.add(convert(s));
      }
    }
    Op op =
        switch (re.op) {
          case NO_MATCH -> Op.NO_MATCH;
          case EMPTY_MATCH -> Op.EMPTY_MATCH;
          case LITERAL -> Op.LITERAL;
          case CHAR_CLASS -> Op.CHAR_CLASS;
          case ANY_CHAR_NOT_NL -> Op.ANY_CHAR_NOT_NL;
          case ANY_CHAR -> Op.ANY_CHAR;
          case BEGIN_LINE -> Op.BEGIN_LINE;
          case END_LINE -> Op.END_LINE;
          case BEGIN_TEXT -> Op.BEGIN_TEXT;
          case END_TEXT -> Op.END_TEXT;
          case WORD_BOUNDARY -> Op.WORD_BOUNDARY;
          case NO_WORD_BOUNDARY -> Op.NO_WORD_BOUNDARY;
          case CAPTURE -> Op.CAPTURE;
          case STAR -> Op.STAR;
          case PLUS -> Op.PLUS;
          case QUEST -> Op.QUEST;
          case REPEAT -> Op.REPEAT;
          case CONCAT -> Op.CONCAT;
          case ALTERNATE -> Op.ALTERNATE;
          default -> throw new IllegalStateException("unexpected RE2 operator " + re.op);
        };
    int[] runes = re.runes == null ? new int[0] : re.runes.clone();
    return new Node(op, (re.flags & RE2.FOLD_CASE) != 0, runes, re.min, re.max, List.copyOf(subs));
  }
}
