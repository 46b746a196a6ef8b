package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import dev.keyhound.scanner.detect.RegexSyntax.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * What a rule's regex says about the secret it captures, read from RE2/J's own parse of the
 * pattern: how many characters at the secret's start are fixed (the {@code AKIA} of an AWS key id,
 * the {@code sk_live_} of a Stripe key), and which characters its variable part may hold. The
 * engine ranks rules by the first (see {@link Specificity}) and judges placeholders by the second
 * (a value of one character class where the format allows several).
 *
 * @param literalPrefix the fewest characters any secret starts with that are fixed by the pattern
 *     (a class of at most {@value #SMALL_CLASS} characters counts as fixed: {@code gh[opsu]_})
 * @param digits how many of {@code 0-9} the variable part may hold; -1 when unknown (the pattern
 *     allows any character), as for the next two
 * @param lower how many of {@code a-z} it may hold
 * @param upper how many of {@code A-Z} it may hold
 * @param other how many other printable ASCII characters it may hold
 * @param infixes fixed runs of at least {@value #MIN_INFIX} characters inside the secret's pattern
 * @param symbols the printable ASCII characters other than letters and digits that the variable
 *     part may hold (empty when unknown)
 */
record SecretShape(
    int literalPrefix,
    int digits,
    int lower,
    int upper,
    int other,
    List<String> infixes,
    String symbols) {
  /** Fixed runs shorter than this are not looked for inside a value. */
  static final int MIN_INFIX = 4;

  SecretShape {
    infixes = List.copyOf(infixes);
    symbols = symbols == null ? "" : symbols;
  }

  SecretShape(int literalPrefix, int digits, int lower, int upper, int other) {
    this(literalPrefix, digits, lower, upper, other, List.of(), "");
  }

  /** Whether the variable part may hold every character of {@code s} (all of them symbols). */
  boolean allowsSymbols(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> symbols.indexOf(c) >= 0);
  }

  /** A class this small is a choice among fixed spellings, not random content. */
  static final int SMALL_CLASS = 4;

  /** The shape of a rule whose regex cannot be read (or that has none): nothing known. */
  static final SecretShape UNKNOWN = new SecretShape(0, -1, -1, -1, -1);

  /** Whether the alphabet of the variable part is known. */
  boolean alphabetKnown() {
    return digits >= 0;
  }

  /** The number of printable ASCII characters the variable part may hold. */
  int alphabetSize() {
    return digits + lower + upper + other;
  }

  /** Reads the shape of the rule's secret: its secret group, else its first group, else all. */
  static SecretShape of(Rule rule) {
    if (!rule.hasRegex()) {
      return UNKNOWN;
    }
    Node root;
    try {
      root = RegexSyntax.parse(rule.regex());
    } catch (RuntimeException e) {
      return UNKNOWN; // compiled once already, so this is not expected; a shape is only a hint
    }
    int groups = rule.regex().groupCount();
    int wanted = rule.secretGroup() > 0 ? rule.secretGroup() : Math.min(groups, 1);
    Node secret = wanted == 0 ? root : capture(root, wanted, new int[] {0});
    if (secret == null) {
      return UNKNOWN;
    }
    int[] counts = new int[4];
    boolean[] marked = new boolean[128];
    boolean known = alphabet(secret, marked, counts);
    StringBuilder symbols = new StringBuilder();
    for (char c = 0x21; c <= 0x7e; c++) {
      if (known && marked[c] && kind(c) == 3) {
        symbols.append(c);
      }
    }
    int prefix = literal(secret).length;
    List<String> infixes = new ArrayList<>();
    infixes(secret, infixes);
    return known
        ? new SecretShape(
            prefix, counts[0], counts[1], counts[2], counts[3], infixes, symbols.toString())
        : new SecretShape(prefix, -1, -1, -1, -1, infixes, "");
  }

  /**
   * The fixed runs of text inside the secret, at least {@value #MIN_INFIX} characters long: the
   * {@code AAAAAAAAAA} in the middle of a Dropbox long-lived token is the format's, not filler.
   */
  private static void infixes(Node n, List<String> out) {
    String fixed = fixedText(n);
    if (fixed != null) {
      if (fixed.length() >= MIN_INFIX) {
        out.add(fixed);
      }
      return;
    }
    if (n.op() == RegexSyntax.Op.CONCAT) {
      // RE2 parses a literal string as one node per character: join the adjacent ones.
      StringBuilder run = new StringBuilder();
      for (Node s : n.subs()) {
        String f = fixedText(s);
        if (f != null) {
          run.append(f);
          continue;
        }
        if (run.length() >= MIN_INFIX) {
          out.add(run.toString());
        }
        run.setLength(0);
        infixes(s, out);
      }
      if (run.length() >= MIN_INFIX) {
        out.add(run.toString());
      }
      return;
    }
    for (Node s : n.subs()) {
      infixes(s, out);
    }
  }

  /** The text a node matches when it matches one fixed text only (case-sensitively), else null. */
  private static String fixedText(Node n) {
    if (n.op() == RegexSyntax.Op.LITERAL && !n.foldCase()) {
      return new String(n.runes(), 0, n.runes().length);
    }
    if (n.op() == RegexSyntax.Op.REPEAT && n.min() == n.max() && n.min() >= 1) {
      String sub = fixedText(n.subs().get(0));
      return sub == null ? null : sub.repeat(n.min());
    }
    return null;
  }

  /**
   * The {@code wanted}-th capture in pre-order, which is RE2's numbering by opening parenthesis.
   */
  private static Node capture(Node n, int wanted, int[] seen) {
    if (n.op() == RegexSyntax.Op.CAPTURE && ++seen[0] == wanted) {
      return n;
    }
    for (Node s : n.subs()) {
      Node found = capture(s, wanted, seen);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * @param length the fewest fixed characters the node's matches start with
   * @param whole whether the node matches only fixed characters (so a concatenation's count goes
   *     on)
   */
  private record Literal(int length, boolean whole) {}

  private static Literal literal(Node n) {
    return switch (n.op()) {
      case LITERAL -> new Literal(n.runes().length, true);
      case EMPTY_MATCH,
          BEGIN_LINE,
          END_LINE,
          BEGIN_TEXT,
          END_TEXT,
          WORD_BOUNDARY,
          NO_WORD_BOUNDARY ->
          new Literal(0, true);
      case CHAR_CLASS ->
          size(n.runes()) <= SMALL_CLASS ? new Literal(1, true) : new Literal(0, false);
      case CAPTURE -> literal(n.subs().get(0));
      case CONCAT -> {
        int sum = 0;
        for (Node s : n.subs()) {
          Literal l = literal(s);
          sum += l.length;
          if (!l.whole) {
            yield new Literal(sum, false);
          }
        }
        yield new Literal(sum, true);
      }
      case ALTERNATE -> {
        int min = Integer.MAX_VALUE;
        boolean whole = true;
        for (Node s : n.subs()) {
          Literal l = literal(s);
          min = Math.min(min, l.length);
          whole &= l.whole;
        }
        yield new Literal(min == Integer.MAX_VALUE ? 0 : min, whole);
      }
      case PLUS -> new Literal(literal(n.subs().get(0)).length, false);
      case REPEAT -> {
        // A{22} fixes 22 characters (the padding of a Twitter bearer token); A{2,5} fixes two.
        Literal sub = literal(n.subs().get(0));
        if (n.min() < 1) {
          yield new Literal(0, false);
        }
        yield sub.whole
            ? new Literal(sub.length * n.min(), n.min() == n.max())
            : new Literal(sub.length, false);
      }
      default -> new Literal(0, false);
    };
  }

  /** Size of a class given as lo,hi pairs; a big class counts as big without overflow. */
  private static int size(int[] ranges) {
    long n = 0;
    for (int i = 0; i + 1 < ranges.length; i += 2) {
      n += (long) ranges[i + 1] - ranges[i] + 1;
    }
    return (int) Math.min(n, Integer.MAX_VALUE);
  }

  /**
   * Marks the printable ASCII characters the node's classes allow and counts them per kind (digit,
   * lower, upper, other); literals are fixed text, not part of the random alphabet. False when a
   * node allows any character.
   */
  private static boolean alphabet(Node n, boolean[] marked, int[] counts) {
    switch (n.op()) {
      case ANY_CHAR, ANY_CHAR_NOT_NL -> {
        return false;
      }
      case CHAR_CLASS -> {
        int[] r = n.runes();
        for (int i = 0; i + 1 < r.length; i += 2) {
          for (int c = Math.max(r[i], 0x21); c <= Math.min(r[i + 1], 0x7e); c++) {
            if (!marked[c]) {
              marked[c] = true;
              counts[kind((char) c)]++;
            }
          }
        }
        return true;
      }
      default -> {
        for (Node s : n.subs()) {
          if (!alphabet(s, marked, counts)) {
            return false;
          }
        }
        return true;
      }
    }
  }

  /** 0 digit, 1 lower-case letter, 2 upper-case letter, 3 anything else. */
  static int kind(char c) {
    if (c >= '0' && c <= '9') {
      return 0;
    }
    if (c >= 'a' && c <= 'z') {
      return 1;
    }
    if (c >= 'A' && c <= 'Z') {
      return 2;
    }
    return 3;
  }
}
