package dev.keyhound.scanner.detect;

import dev.keyhound.scanner.detect.RegexSyntax.Node;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Literal strings that a regex's matches start with, offered to {@link RulePlan} as extra anchors
 * for a rule its keywords cannot anchor ({@code \bsetenv\(\s*"…token…"}: the keyword may come any
 * number of lines in, but the match starts with {@code setenv(}). These are only candidates, read
 * off the syntax tree per top-level alternative: the plan keeps them only when the rule's automaton
 * proves that every match contains one of them, with a bounded number of lines before it.
 */
final class LiteralPrefixes {
  /** Shorter prefixes are too common in text to be worth a keyword-index entry. */
  static final int MIN_LENGTH = 3;

  /** Longer prefixes are cut here (a prefix of a prefix is still one). */
  static final int MAX_LENGTH = 16;

  /** Past this many strings a prefix set is dropped. */
  static final int MAX_STRINGS = 16;

  /** A class of at most this many ASCII chars (after lower-casing) extends prefixes. */
  private static final int MAX_CLASS_CHARS = 3;

  private LiteralPrefixes() {}

  /**
   * Lower-case ASCII strings, each at least {@link #MIN_LENGTH} long, such that every match of each
   * top-level alternative that has such prefixes starts with one of them (ASCII-case
   * insensitively); alternatives without usable prefixes contribute nothing.
   */
  static Set<String> anchors(Node regex) {
    Set<String> out = new LinkedHashSet<>();
    for (Node alt : alternatives(regex)) {
      Prefixes p = of(alt);
      if (!p.strings.isEmpty() && p.strings.stream().allMatch(s -> s.length() >= MIN_LENGTH)) {
        out.addAll(p.strings);
      }
    }
    return out;
  }

  private static List<Node> alternatives(Node n) {
    while (n.op() == RegexSyntax.Op.CAPTURE) {
      n = n.subs().get(0);
    }
    if (n.op() != RegexSyntax.Op.ALTERNATE) {
      return List.of(n);
    }
    List<Node> out = new ArrayList<>();
    for (Node sub : n.subs()) {
      out.addAll(alternatives(sub));
    }
    return out;
  }

  /**
   * What a node's matches start with.
   *
   * @param exact every match is one of the strings (zero-width assertions aside), so what follows
   *     may extend them
   */
  private record Prefixes(Set<String> strings, boolean exact) {
    static final Prefixes NONE = new Prefixes(Set.of(""), false);
    static final Prefixes EMPTY = new Prefixes(Set.of(""), true);
  }

  private static Prefixes of(Node n) {
    return switch (n.op()) {
      case NO_MATCH -> new Prefixes(Set.of(), true);
      case EMPTY_MATCH,
          BEGIN_LINE,
          END_LINE,
          BEGIN_TEXT,
          END_TEXT,
          WORD_BOUNDARY,
          NO_WORD_BOUNDARY ->
          Prefixes.EMPTY;
      case LITERAL -> literal(n.runes()[0]);
      case CHAR_CLASS -> charClass(n.runes());
      case CAPTURE -> of(n.subs().get(0));
      case PLUS -> new Prefixes(of(n.subs().get(0)).strings, false);
      case REPEAT ->
          n.min() >= 1 ? new Prefixes(of(n.subs().get(0)).strings, false) : Prefixes.NONE;
      case CONCAT -> concat(n.subs());
      case ALTERNATE -> alternate(n.subs());
      case ANY_CHAR, ANY_CHAR_NOT_NL, STAR, QUEST -> Prefixes.NONE;
    };
  }

  private static Prefixes literal(int rune) {
    if (rune >= 128 || rune == '\n') {
      return Prefixes.NONE;
    }
    return new Prefixes(Set.of(String.valueOf((char) rune).toLowerCase(Locale.ROOT)), true);
  }

  private static Prefixes charClass(int[] ranges) {
    Set<String> chars = new LinkedHashSet<>();
    for (int i = 0; i < ranges.length; i += 2) {
      if (ranges[i + 1] >= 128 || ranges[i + 1] - ranges[i] >= 2 * MAX_CLASS_CHARS) {
        return Prefixes.NONE;
      }
      for (int c = ranges[i]; c <= ranges[i + 1]; c++) {
        if (c == '\n') {
          return Prefixes.NONE;
        }
        chars.add(String.valueOf((char) c).toLowerCase(Locale.ROOT));
      }
    }
    return chars.size() <= MAX_CLASS_CHARS ? new Prefixes(chars, true) : Prefixes.NONE;
  }

  private static Prefixes concat(List<Node> subs) {
    Set<String> acc = Set.of("");
    for (Node sub : subs) {
      Prefixes next = of(sub);
      Set<String> joined = new LinkedHashSet<>();
      boolean cut = false;
      for (String a : acc) {
        for (String b : next.strings) {
          String s = a + b;
          cut |= s.length() > MAX_LENGTH;
          joined.add(s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s);
        }
      }
      if (joined.size() > MAX_STRINGS) {
        return new Prefixes(acc, false);
      }
      acc = joined;
      if (!next.exact || cut) {
        return new Prefixes(acc, false);
      }
    }
    return new Prefixes(acc, true);
  }

  private static Prefixes alternate(List<Node> subs) {
    Set<String> all = new LinkedHashSet<>();
    boolean exact = true;
    for (Node sub : subs) {
      Prefixes p = of(sub);
      all.addAll(p.strings);
      exact &= p.exact;
    }
    return all.size() > MAX_STRINGS ? Prefixes.NONE : new Prefixes(all, exact);
  }
}
