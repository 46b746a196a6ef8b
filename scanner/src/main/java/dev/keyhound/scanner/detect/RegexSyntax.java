package dev.keyhound.scanner.detect;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses RE2 regex syntax (as RE2/J's {@link Pattern} accepts it, in its Perl mode) into a syntax
 * tree, from which the fast detector derives a DFA prefilter. RE2/J keeps its own parser private,
 * so this is our own. The tree's language must contain every string RE2/J matches (it may hold
 * more: the prefilter only narrows where RE2/J runs): case-insensitive classes take every char
 * Java's case mappings relate (a superset of Unicode simple case folding), and anything this parser
 * does not know throws, which leaves the rule to the naive path.
 */
final class RegexSyntax {
  /** What a node does, mirroring RE2's operators. */
  enum Op {
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
  record Node(Op op, boolean foldCase, int[] runes, int min, int max, List<Node> subs) {
    Node {
      runes = runes.clone();
      subs = List.copyOf(subs);
    }

    static Node of(Op op) {
      return new Node(op, false, new int[0], 0, 0, List.of());
    }

    static Node parent(Op op, List<Node> subs) {
      return new Node(op, false, new int[0], 0, 0, subs);
    }
  }

  private static final int MAX_RUNE = Character.MAX_CODE_POINT;

  private final String src;
  private int pos;
  private boolean fold;
  private boolean dotNl;
  private boolean multiLine;

  private RegexSyntax(String src, int flags) {
    this.src = src;
    this.fold = (flags & Pattern.CASE_INSENSITIVE) != 0;
    this.dotNl = (flags & Pattern.DOTALL) != 0;
    this.multiLine = (flags & Pattern.MULTILINE) != 0;
  }

  /**
   * The syntax tree of a compiled pattern, with its flags applied.
   *
   * @throws IllegalArgumentException for syntax this parser does not handle
   */
  static Node parse(Pattern pattern) {
    return parse(pattern.pattern(), pattern.flags());
  }

  /**
   * The syntax tree of a regex RE2/J compiles, with RE2/J's {@link Pattern} flags applied, without
   * compiling it.
   */
  static Node parse(String regex, int flags) {
    RegexSyntax p = new RegexSyntax(regex, flags);
    Node n = p.alternation();
    if (p.pos != p.src.length()) {
      throw p.error("unexpected )");
    }
    return n;
  }

  /** The runes a case-insensitive match of {@code rune} accepts, {@code rune} first. */
  static int[] foldOrbit(int rune) {
    return CaseOrbits.orbit(rune);
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + pos + " in " + src);
  }

  private boolean more() {
    return pos < src.length();
  }

  private int peek() {
    return src.codePointAt(pos);
  }

  private int next() {
    int c = src.codePointAt(pos);
    pos += Character.charCount(c);
    return c;
  }

  private boolean eat(String s) {
    if (src.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  /** Alternatives up to a ')' or the end; flags set inside hold to the end of the group. */
  private Node alternation() {
    boolean f = fold;
    boolean d = dotNl;
    boolean m = multiLine;
    List<Node> alts = new ArrayList<>();
    alts.add(concatenation());
    while (more() && peek() == '|') {
      pos++;
      alts.add(concatenation());
    }
    fold = f;
    dotNl = d;
    multiLine = m;
    return alts.size() == 1 ? alts.get(0) : Node.parent(Op.ALTERNATE, alts);
  }

  private Node concatenation() {
    List<Node> parts = new ArrayList<>();
    while (more() && peek() != '|' && peek() != ')') {
      Node atom = atom();
      if (atom == null) {
        continue; // a flag group such as (?i)
      }
      parts.add(repeats(atom));
    }
    if (parts.isEmpty()) {
      return Node.of(Op.EMPTY_MATCH);
    }
    return parts.size() == 1 ? parts.get(0) : Node.parent(Op.CONCAT, parts);
  }

  private Node repeats(Node atom) {
    while (more()) {
      int c = peek();
      Node r;
      if (c == '*' || c == '+' || c == '?') {
        pos++;
        r = Node.parent(c == '*' ? Op.STAR : c == '+' ? Op.PLUS : Op.QUEST, List.of(atom));
      } else if (c == '{') {
        int[] bounds = bounds();
        if (bounds == null) {
          return atom; // not a repeat: '{' is read as a literal next
        }
        r = new Node(Op.REPEAT, false, new int[0], bounds[0], bounds[1], List.of(atom));
      } else {
        return atom;
      }
      eat("?"); // non-greedy: the same language
      atom = r;
    }
    return atom;
  }

  /** {n}, {n,} or {n,m} at pos (consumed), or null (nothing consumed) when it is not a repeat. */
  private int[] bounds() {
    int start = pos;
    pos++;
    int min = number();
    if (min < 0) {
      pos = start;
      return null;
    }
    int max = min;
    if (eat(",")) {
      max = more() && peek() == '}' ? -1 : number();
      if (max == -2 || max < -1) {
        pos = start;
        return null;
      }
    }
    if (!eat("}")) {
      pos = start;
      return null;
    }
    return new int[] {min, max};
  }

  /** A decimal number at pos, or -2 when there is none. */
  private int number() {
    int start = pos;
    while (more() && peek() >= '0' && peek() <= '9') {
      pos++;
    }
    if (pos == start || pos - start > 4) {
      return -2;
    }
    return Integer.parseInt(src.substring(start, pos));
  }

  private Node atom() {
    int c = next();
    switch (c) {
      case '(' -> {
        return group();
      }
      case '[' -> {
        return charClass();
      }
      case '.' -> {
        return Node.of(dotNl ? Op.ANY_CHAR : Op.ANY_CHAR_NOT_NL);
      }
      case '^' -> {
        return Node.of(multiLine ? Op.BEGIN_LINE : Op.BEGIN_TEXT);
      }
      case '$' -> {
        return Node.of(multiLine ? Op.END_LINE : Op.END_TEXT);
      }
      case '\\' -> {
        return escape();
      }
      case '*', '+', '?' -> throw error("missing argument to repetition operator");
      default -> {
        return literal(c);
      }
    }
  }

  private Node literal(int rune) {
    return new Node(Op.LITERAL, fold, new int[] {rune}, 0, 0, List.of());
  }

  private Node group() {
    if (eat("?P<") || eat("?<")) {
      int close = src.indexOf('>', pos);
      if (close < 0) {
        throw error("invalid named capture");
      }
      pos = close + 1;
      return closeGroup(Node.parent(Op.CAPTURE, List.of(alternation())));
    }
    if (!eat("?")) {
      return closeGroup(Node.parent(Op.CAPTURE, List.of(alternation())));
    }
    boolean negate = false;
    boolean f = fold;
    boolean d = dotNl;
    boolean m = multiLine;
    while (more()) {
      int c = next();
      switch (c) {
        case 'i' -> f = !negate;
        case 's' -> d = !negate;
        case 'm' -> m = !negate;
        case 'U' -> {} // ungreedy: the same language
        case '-' -> negate = true;
        case ')' -> {
          fold = f;
          dotNl = d;
          multiLine = m;
          return null;
        }
        case ':' -> {
          boolean of = fold;
          boolean od = dotNl;
          boolean om = multiLine;
          fold = f;
          dotNl = d;
          multiLine = m;
          Node inner = alternation();
          fold = of;
          dotNl = od;
          multiLine = om;
          return closeGroup(inner);
        }
        default -> throw error("invalid or unsupported group flag");
      }
    }
    throw error("missing )");
  }

  private Node closeGroup(Node n) {
    if (!eat(")")) {
      throw error("missing )");
    }
    return n;
  }

  private Node escape() {
    if (!more()) {
      throw error("trailing backslash");
    }
    int c = next();
    switch (c) {
      case 'A' -> {
        return Node.of(Op.BEGIN_TEXT);
      }
      case 'z' -> {
        return Node.of(Op.END_TEXT);
      }
      case 'b' -> {
        return Node.of(Op.WORD_BOUNDARY);
      }
      case 'B' -> {
        return Node.of(Op.NO_WORD_BOUNDARY);
      }
      case 'Q' -> {
        int end = src.indexOf("\\E", pos);
        String quoted = src.substring(pos, end < 0 ? src.length() : end);
        pos = end < 0 ? src.length() : end + 2;
        List<Node> runes = new ArrayList<>();
        quoted.codePoints().forEach(r -> runes.add(literal(r)));
        return runes.isEmpty()
            ? Node.of(Op.EMPTY_MATCH)
            : runes.size() == 1 ? runes.get(0) : Node.parent(Op.CONCAT, runes);
      }
      default -> {
        pos -= Character.charCount(c);
        pos--;
        Ranges r = new Ranges();
        if (classEscape(r)) {
          return r.toNode(fold);
        }
        pos++;
        return literal(runeEscape());
      }
    }
  }

  /**
   * At a backslash: a Perl or Unicode class escape added to {@code r} (consumed), or false (nothing
   * consumed).
   */
  private boolean classEscape(Ranges r) {
    if (pos + 1 >= src.length() || src.charAt(pos) != '\\') {
      return false;
    }
    char c = src.charAt(pos + 1);
    int[] perl =
        switch (Character.toLowerCase(c)) {
          case 'd' -> new int[] {'0', '9'};
          case 's' -> new int[] {'\t', '\n', '\f', '\r', ' ', ' '};
          case 'w' -> new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
          default -> null;
        };
    if (perl != null) {
      pos += 2;
      r.add(Character.isUpperCase(c) ? Ranges.negate(perl) : perl);
      return true;
    }
    if (c == 'p' || c == 'P') {
      pos += 2;
      String name;
      if (eat("{")) {
        int close = src.indexOf('}', pos);
        if (close < 0) {
          throw error("invalid character class range");
        }
        name = src.substring(pos, close);
        pos = close + 1;
      } else {
        name = new String(Character.toChars(next()));
      }
      boolean negate = c == 'P';
      if (name.startsWith("^")) {
        negate = !negate;
        name = name.substring(1);
      }
      int[] ranges = UnicodeClasses.of(name);
      r.add(negate ? Ranges.negate(ranges) : ranges);
      return true;
    }
    return false;
  }

  /** The rune of a single-char escape, the backslash already consumed. */
  private int runeEscape() {
    int c = next();
    switch (c) {
      case 'a' -> {
        return 7;
      }
      case 'f' -> {
        return '\f';
      }
      case 'n' -> {
        return '\n';
      }
      case 'r' -> {
        return '\r';
      }
      case 't' -> {
        return '\t';
      }
      case 'v' -> {
        return 11;
      }
      case 'x' -> {
        if (eat("{")) {
          int close = src.indexOf('}', pos);
          if (close < 0) {
            throw error("invalid escape sequence");
          }
          int v = Integer.parseInt(src.substring(pos, close), 16);
          pos = close + 1;
          return v;
        }
        if (pos + 2 > src.length()) {
          throw error("invalid escape sequence");
        }
        int v = Integer.parseInt(src.substring(pos, pos + 2), 16);
        pos += 2;
        return v;
      }
      default -> {
        if (c >= '0' && c <= '7') {
          if (c != '0' && !(more() && peek() >= '0' && peek() <= '7')) {
            throw error("backreferences are not supported");
          }
          int v = c - '0';
          for (int i = 0; i < 2 && more() && peek() >= '0' && peek() <= '7'; i++) {
            v = v * 8 + (next() - '0');
          }
          return v;
        }
        if (c < 128 && !Character.isLetterOrDigit(c)) {
          return c; // escaped punctuation
        }
        throw error("invalid escape sequence");
      }
    }
  }

  private Node charClass() {
    Ranges r = new Ranges();
    boolean negate = eat("^");
    boolean first = true;
    while (true) {
      if (!more()) {
        throw error("missing ]");
      }
      int c = peek();
      if (c == ']' && !first) {
        pos++;
        break;
      }
      first = false;
      if (src.startsWith("[:", pos)) {
        int close = src.indexOf(":]", pos + 2);
        if (close >= 0) {
          String name = src.substring(pos + 2, close);
          boolean neg = name.startsWith("^");
          int[] posix = UnicodeClasses.posix(neg ? name.substring(1) : name);
          if (posix != null) {
            pos = close + 2;
            r.add(neg ? Ranges.negate(posix) : posix);
            continue;
          }
        }
      }
      if (classEscape(r)) {
        continue;
      }
      int lo = classRune();
      int hi = lo;
      if (more() && peek() == '-' && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
        pos++;
        hi = classRune();
        if (hi < lo) {
          throw error("invalid character class range");
        }
      }
      r.add(new int[] {lo, hi});
    }
    if (fold) {
      r.addFolds();
    }
    int[] ranges = r.normalized();
    return new Node(Op.CHAR_CLASS, false, negate ? Ranges.negate(ranges) : ranges, 0, 0, List.of());
  }

  private int classRune() {
    int c = next();
    return c == '\\' ? runeEscape() : c;
  }

  /** A set of runes as inclusive ranges under construction. */
  private static final class Ranges {
    private int[] r = new int[16];
    private int n;

    void add(int[] pairs) {
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        if (n + 2 > r.length) {
          r = java.util.Arrays.copyOf(r, r.length * 2);
        }
        r[n++] = pairs[i];
        r[n++] = pairs[i + 1];
      }
    }

    /** Adds every rune case-related to one in the set (a superset of RE2's folding). */
    void addFolds() {
      int[] base = normalized();
      for (int i = 0; i < base.length; i += 2) {
        for (int c = base[i]; c <= base[i + 1]; c++) {
          if (CaseOrbits.hasOrbit(c)) {
            for (int o : CaseOrbits.orbit(c)) {
              add(new int[] {o, o});
            }
          }
        }
      }
    }

    int[] normalized() {
      int pairs = n / 2;
      long[] sorted = new long[pairs];
      for (int i = 0; i < pairs; i++) {
        sorted[i] = ((long) r[2 * i] << 32) | r[2 * i + 1];
      }
      java.util.Arrays.sort(sorted);
      int[] out = new int[n];
      int m = 0;
      for (long s : sorted) {
        int lo = (int) (s >>> 32);
        int hi = (int) s;
        if (m > 0 && lo <= out[m - 1] + 1) {
          out[m - 1] = Math.max(out[m - 1], hi);
        } else {
          out[m++] = lo;
          out[m++] = hi;
        }
      }
      return java.util.Arrays.copyOf(out, m);
    }

    Node toNode(boolean fold) {
      if (fold) {
        addFolds();
      }
      return new Node(Op.CHAR_CLASS, false, normalized(), 0, 0, List.of());
    }

    /** The complement of sorted, disjoint ranges within 0..MAX_RUNE. */
    static int[] negate(int[] sorted) {
      Ranges all = new Ranges();
      all.add(sorted);
      int[] s = all.normalized();
      List<Integer> out = new ArrayList<>();
      int next = 0;
      for (int i = 0; i < s.length; i += 2) {
        if (s[i] > next) {
          out.add(next);
          out.add(s[i] - 1);
        }
        next = s[i + 1] + 1;
      }
      if (next <= MAX_RUNE) {
        out.add(next);
        out.add(MAX_RUNE);
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
