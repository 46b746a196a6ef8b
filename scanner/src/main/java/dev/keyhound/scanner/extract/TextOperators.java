package dev.keyhound.scanner.extract;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Set;

/**
 * A PDF content stream cut down to the operators PDFBox's text stripper acts on, each with its
 * operands, byte for byte. The stripper hands every other operator to a method that does nothing,
 * but its parser first turns each operand into an object: a vector drawing (an Illustrator file, a
 * chart exported as PDF) is hundreds of thousands of path coordinates around a few lines of text,
 * and parsing them was most of what reading such a file cost (psf/requests' 1.2 MB logo: 136,548 of
 * its 178,752 operands were the coordinates of curves).
 *
 * <p>What the paths leave behind goes too: a drawing saves the graphics state around each shape
 * ({@code q}), moves it ({@code cm}), sets its parameters ({@code gs}) and restores it ({@code Q}).
 * A saved state's changes end at its restore, so a {@code q ... Q} that holds only those operators
 * (and such groups) changes nothing the stripper reads after it, and is left out whole: the same
 * logo kept 3,684 of them, 134 KB of the 1.2 MB, for 25 characters of text. A {@code q} never
 * restored, or a {@code Q} with no {@code q}, stays as it is.
 *
 * <p>Leaving an operator out changes nothing only where this reading splits the stream into the
 * same operators and operands as PDFBox's parser. So it reads strictly: numbers, names, strings,
 * hex strings, arrays and dictionaries as the PDF specification writes them, whitespace and
 * comments between them, and an operator made of letters, {@code *} and quotes. Anything else (an
 * inline image, a token run into the next without a separator, a string that only PDFBox's recovery
 * would end, a stray closing bracket) returns null, and the stream is read as it is.
 */
final class TextOperators {
  /**
   * The operators PDFBox 3's {@code PDFTextStripper} registers (its {@code LegacyPDFStreamEngine}:
   * text, the graphics state, forms, marked content); {@code TextOperatorsTest} checks the list
   * against the stripper's.
   */
  static final Set<String> READ =
      Set.of(
          "BT", "ET", "cm", "Do", "gs", "q", "Q", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL",
          "Tm", "Tr", "Ts", "Tw", "Tz", "'", "\"", "BDC", "BMC", "EMC");

  private static final String[] READ_ORDERED = READ.toArray(String[]::new);

  /** Arrays and dictionaries nested deeper than this are not read (null). */
  private static final int MAX_DEPTH = 32;

  private final byte[] in;
  private int p;

  private TextOperators(byte[] in) {
    this.in = in;
  }

  /**
   * The content with every operator outside {@link #READ} left out, and its operands; null when the
   * content is not read strictly (see above).
   */
  static byte[] keep(byte[] content) {
    return new TextOperators(content).keep();
  }

  private byte[] keep() {
    Kept out = new Kept(Math.min(in.length, 1 << 16));
    int group = 0; // where the current operator's operands start
    while (true) {
      skipSpace();
      if (p >= in.length) {
        // Operands without an operator at the end are dropped by PDFBox too.
        return out.toByteArray();
      }
      int c = in[p] & 0xff;
      if (c == '(' || c == '<' || c == '[' || c == '/') {
        if (!operand(0)) {
          return null;
        }
        continue;
      }
      if (!regular(c)) {
        return null; // a closing bracket, or a brace, out of place
      }
      int start = p;
      if (!word()) {
        return null;
      }
      if (isNumber(start, p) || isKeyword(start, p)) {
        continue;
      }
      if (!isOperator(start, p)) {
        return null;
      }
      if (isRead(start, p)) {
        out.operator(in, group, p, start);
      }
      group = p;
    }
  }

  /** Reads one operand at {@link #p}: false when it is not plainly well-formed. */
  private boolean operand(int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    int c = in[p] & 0xff;
    switch (c) {
      case '(':
        return string();
      case '<':
        return p + 1 < in.length && in[p + 1] == '<' ? dictionary(depth) : hexString();
      case '[':
        return array(depth);
      case '/':
        p++;
        return word();
      default:
        int start = p;
        return regular(c) && word() && (isNumber(start, p) || isKeyword(start, p));
    }
  }

  /**
   * A literal string: balanced parentheses, a backslash escaping the next byte. A closing
   * parenthesis that leaves it open and is followed by a line end is where PDFBox's parser may end
   * the string early (its recovery for unbalanced strings): not read.
   */
  private boolean string() {
    int depth = 0;
    while (p < in.length) {
      byte b = in[p++];
      if (b == '\\') {
        p++;
      } else if (b == '(') {
        depth++;
      } else if (b == ')') {
        depth--;
        if (depth == 0) {
          return true;
        }
        if (p < in.length && (in[p] == '\r' || in[p] == '\n')) {
          return false;
        }
      }
    }
    return false;
  }

  private boolean hexString() {
    p++;
    while (p < in.length) {
      int c = in[p++] & 0xff;
      if (c == '>') {
        return true;
      }
      if (!isWhitespace(c) && Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return false;
  }

  private boolean array(int depth) {
    p++;
    while (true) {
      skipSpace();
      if (p >= in.length) {
        return false;
      }
      if (in[p] == ']') {
        p++;
        return true;
      }
      if (!operand(depth + 1)) {
        return false;
      }
    }
  }

  private boolean dictionary(int depth) {
    p += 2;
    while (true) {
      skipSpace();
      if (p + 1 < in.length && in[p] == '>' && in[p + 1] == '>') {
        p += 2;
        return true;
      }
      if (p >= in.length || in[p] != '/') {
        return false; // a key must be a name
      }
      if (!operand(depth + 1)) {
        return false;
      }
      skipSpace();
      if (p >= in.length || !operand(depth + 1)) {
        return false;
      }
    }
  }

  /**
   * Moves past the run of regular bytes at {@link #p} (up to whitespace or a delimiter); false when
   * what ends it is a byte that PDFBox's parser does not always stop at ({@code %}, a brace).
   */
  private boolean word() {
    while (p < in.length && regular(in[p] & 0xff)) {
      p++;
    }
    if (p < in.length) {
      int c = in[p] & 0xff;
      return c != '%' && c != '{' && c != '}';
    }
    return true;
  }

  /** Whitespace and comments (to the end of their line). */
  private void skipSpace() {
    while (p < in.length) {
      int c = in[p] & 0xff;
      if (c == '%') {
        while (p < in.length && in[p] != '\r' && in[p] != '\n') {
          p++;
        }
      } else if (isWhitespace(c)) {
        p++;
      } else {
        return;
      }
    }
  }

  /**
   * Whether {@code in[from, to)} is a number as the specification writes one: a sign, digits, at
   * most one point.
   */
  private boolean isNumber(int from, int to) {
    int i = in[from] == '+' || in[from] == '-' ? from + 1 : from;
    boolean digits = false;
    boolean point = false;
    for (; i < to; i++) {
      byte c = in[i];
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c == '.' && !point) {
        point = true;
      } else {
        return false;
      }
    }
    return digits;
  }

  /** {@code true}, {@code false} or {@code null}. */
  private boolean isKeyword(int from, int to) {
    return is(from, to, "true") || is(from, to, "false") || is(from, to, "null");
  }

  /**
   * An operator that PDFBox's parser reads as one whole token: letters, {@code *} and quotes (the
   * glyph operators {@code d0} and {@code d1} aside, it splits a word at a digit), and not one of
   * an inline image ({@code BI}, {@code ID}, {@code EI}), whose data is read by rules of its own
   * (no operator starts with {@code I}: the parser treats such a word apart).
   */
  private boolean isOperator(int from, int to) {
    if (is(from, to, "d0") || is(from, to, "d1")) {
      return true;
    }
    if (in[from] == 'I' || is(from, to, "BI") || is(from, to, "EI")) {
      return false;
    }
    for (int i = from; i < to; i++) {
      byte c = in[i];
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '*' || c == '\'' || c == '"')) {
        return false;
      }
    }
    return true;
  }

  /** Whether the operator {@code in[from, to)} is one of {@link #READ}. */
  private boolean isRead(int from, int to) {
    if (to - from > 3) {
      return false;
    }
    for (String op : READ_ORDERED) {
      if (is(from, to, op)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code in[from, to)} is the ASCII word {@code w}. */
  private boolean is(int from, int to, String w) {
    if (to - from != w.length()) {
      return false;
    }
    for (int i = 0; i < w.length(); i++) {
      if (in[from + i] != w.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The kept operators, each with its operands on a line of its own, less the saved states that
   * hold nothing but state changes (see the class comment).
   */
  private static final class Kept extends ByteArrayOutputStream {
    /** For each saved state not yet restored: where its {@code q} starts in the output. */
    private int[] saved = new int[16];

    /** For each saved state not yet restored: whether it holds an operator other than a state's. */
    private boolean[] read = new boolean[16];

    private int depth;

    Kept(int size) {
      super(size);
    }

    /** Adds {@code in[from, to)}, the operator at {@code op} and its operands. */
    void operator(byte[] in, int from, int to, int op) {
      int length = to - op;
      if (length == 1 && in[op] == 'q') {
        if (depth == saved.length) {
          saved = Arrays.copyOf(saved, depth * 2);
          read = Arrays.copyOf(read, depth * 2);
        }
        saved[depth] = count;
        read[depth++] = false;
      } else if (length == 1 && in[op] == 'Q' && depth > 0) {
        depth--;
        if (!read[depth]) {
          count = saved[depth]; // the whole saved state, its q included, changed nothing
          return;
        }
        if (depth > 0) {
          read[depth - 1] = true;
        }
      } else if (depth > 0 && !isStateChange(in, op, length)) {
        read[depth - 1] = true;
      }
      write(in, from, to - from);
      write('\n');
    }

    /** {@code cm} or {@code gs}: changes to the graphics state that a restore undoes. */
    private static boolean isStateChange(byte[] in, int op, int length) {
      return length == 2
          && (in[op] == 'c' && in[op + 1] == 'm' || in[op] == 'g' && in[op + 1] == 's');
    }
  }

  private static boolean isWhitespace(int c) {
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
  }

  /** Not whitespace and not a delimiter. */
  private static boolean regular(int c) {
    return !isWhitespace(c)
        && c != '('
        && c != ')'
        && c != '<'
        && c != '>'
        && c != '['
        && c != ']'
        && c != '{'
        && c != '}'
        && c != '/'
        && c != '%';
  }
}
