package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.detect.LineIndex;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Finds base64, base64url and percent-encoded runs in text, decodes those that decode to text, and
 * hands the result on as a segment reported at the run's position, recursing a few rounds deep.
 */
final class EncodedValues {
  /** 24 base64 characters are 18 bytes: shorter runs hardly hold a key with its name or prefix. */
  static final int MIN_BASE64_RUN = 24;

  /**
   * Characters of either base64 alphabet, by char value: a table lookup keeps the per-char cost
   * low.
   */
  private static final boolean[] BASE64 = new boolean[128];

  /** Characters of a URL (or query string) around a percent escape, by char value. */
  private static final boolean[] URL = new boolean[128];

  /** Hexadecimal digits' values by char value, -1 for other chars. */
  private static final int[] HEX_VALUE = new int[128];

  /**
   * Bytes decoded up front to reject a run cheaply: random text passes with odds of about 1 in
   * 8000.
   */
  private static final int QUICK_BYTES = 9;

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      BASE64[c] = true;
      BASE64[c + 32] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      BASE64[c] = true;
    }
    BASE64['+'] = true;
    BASE64['/'] = true;
    BASE64['-'] = true;
    BASE64['_'] = true;
    for (char c = 0; c < 128; c++) {
      HEX_VALUE[c] = Character.digit(c, 16);
      URL[c] =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || "%._~+-/=:&?@!$*,;".indexOf(c) >= 0;
    }
  }

  private EncodedValues() {}

  /**
   * Emits what each encoded run in the segment decodes to, then what those decode to, {@code depth}
   * rounds.
   */
  static void expand(Segment segment, int depth, Consumer<Segment> out) {
    expand(segment, 0, null, depth, out);
  }

  /**
   * As {@link #expand(Segment, int, Consumer)}, for a text known to hold no percent escape (a
   * {@code %} and two hex digits) before {@code escapeFrom}: its decoding noted where the first is.
   * When the text's bytes are all ASCII ({@code ascii}, else null), escapes are searched for in
   * them, eight bytes at a time ({@link TextDecoding#firstEscape}).
   */
  static void expand(
      Segment segment, int escapeFrom, byte[] ascii, int depth, Consumer<Segment> out) {
    if (depth <= 0) {
      return;
    }
    new Scan(segment, depth, out, ascii).run(escapeFrom);
  }

  /** One pass over one segment's text. */
  private static final class Scan {
    private final Segment segment;

    /**
     * The text's chars: read here rather than through a string, which C1 does not inline well, and
     * which a decoded text does not have until asked for one.
     */
    private final char[] cs;

    /** The text is {@code cs[0, n)}. */
    private final int n;

    /** The text's bytes when they are all ASCII (byte {@code i} is char {@code i}), else null. */
    private final byte[] ascii;

    private final int depth;
    private final Consumer<Segment> out;

    /** The text's line starts, found as far as an encoded run's place is asked for. */
    private LineIndex lines;

    Scan(Segment segment, int depth, Consumer<Segment> out, byte[] ascii) {
      this.segment = segment;
      this.cs = segment.chars();
      this.n = segment.length();
      this.ascii = ascii;
      this.depth = depth;
      this.out = out;
    }

    void run(int escapeFrom) {
      for (long r = nextRun(cs, 0, n); r >= 0; r = nextRun(cs, (int) r, n)) {
        candidate((int) (r >>> 32), (int) r);
      }
      percentRuns(escapeFrom);
    }

    private void candidate(int start, int end) {
      boolean standard = false;
      boolean url = false;
      for (int k = start; k < end; k++) {
        char c = cs[k];
        standard |= c == '+' || c == '/';
        url |= c == '-' || c == '_';
      }
      if (!(standard && url) && plausible(start, url)) {
        String decoded = base64(new String(cs, start, end - start), url);
        if (decoded != null) {
          found(start, decoded, "base64");
        }
      }
    }

    /** Decodes the percent-encoded runs from {@code from}, with no escape before it. */
    private void percentRuns(int from) {
      char[] t = cs;
      int at;
      while ((at = nextEscape(from)) >= 0) {
        int start = at;
        while (start > 0 && isUrl(t[start - 1])) {
          start--;
        }
        int end = at;
        while (end < n && isUrl(t[end])) {
          end++;
        }
        String decoded = percent(new String(cs, start, end - start));
        if (decoded != null) {
          found(start, decoded, "percent");
        }
        from = end;
      }
    }

    /** The first percent escape ({@code %} and two hex digits) at or after {@code from}, or -1. */
    private int nextEscape(int from) {
      char[] t = cs;
      if (ascii != null) {
        int at = TextDecoding.firstEscape(ascii, from);
        return at == n ? -1 : at;
      }
      int at;
      while ((at = indexOfPercent(t, from, n)) >= 0) {
        if (at + 2 < n && isHex(t[at + 1]) && isHex(t[at + 2])) {
          return at;
        }
        from = at + 1;
      }
      return -1;
    }

    private void found(int offset, String decoded, String encoding) {
      Segment.Origin at = segment.encodedAt();
      if (at == null) {
        at = origin(offset, encoding);
      }
      Segment inner = segment.decoded(decoded, at);
      out.accept(inner);
      expand(inner, depth - 1, out);
    }

    /**
     * The place of the run at {@code offset}: its line and column are found, in the text's {@link
     * LineIndex}, if a finding in its decoded text asks.
     */
    private Segment.Origin origin(int offset, String encoding) {
      if (lines == null) {
        lines = new LineIndex(cs, n);
      }
      return new Segment.Origin(lines, offset, encoding);
    }

    /**
     * Cheap first test, before any allocation: the first decoded bytes must be printable ASCII or
     * line space. Identifiers and paths in source code are base64-shaped runs, but decode to bytes
     * that fail this.
     */
    private boolean plausible(int start, boolean url) {
      int bits = 0;
      int nbits = 0;
      int seen = 0;
      for (int k = start; seen < QUICK_BYTES; k++) {
        bits = (bits << 6) | value(cs[k], url);
        nbits += 6;
        if (nbits >= 8) {
          nbits -= 8;
          int b = (bits >> nbits) & 0xff;
          if ((b < 0x20 || b > 0x7e) && b != '\t' && b != '\n' && b != '\r') {
            return false;
          }
          seen++;
        }
      }
      return true;
    }
  }

  /**
   * The next run of at least {@link #MIN_BASE64_RUN} base64 chars at or after {@code from}, as
   * start &lt;&lt; 32 | end, or -1, in the text {@code t[0, n)}. A small loop of its own: the JIT
   * compiles it in a moment, where one method with the decoding inlined took C2 a second and was
   * recompiled three times.
   */
  static long nextRun(char[] t, int from, int n) {
    int i = from;
    // A run starting at i must hold the MIN_BASE64_RUN chars from i: read them backwards, from
    // the last. A char that is not base64, at k, rules out every run starting at or before k, so
    // the next try starts after it. In source code that char is most often the gap before a
    // word, a few chars back, and the try skips ahead most of MIN_BASE64_RUN chars unread.
    // (text[i - 1], when there is one, is not a base64 char: no run found reaches back past i.)
    while (i + MIN_BASE64_RUN <= n) {
      int k = i + MIN_BASE64_RUN - 1;
      while (k >= i && isBase64(t[k])) {
        k--;
      }
      if (k >= i) {
        i = k + 1;
        continue;
      }
      int end = i + MIN_BASE64_RUN;
      while (end < n && isBase64(t[end])) {
        end++;
      }
      return (long) i << 32 | end;
    }
    return -1;
  }

  /** The first {@code %} in {@code t[from, n)}, or -1. */
  private static int indexOfPercent(char[] t, int from, int n) {
    for (int i = from; i < n; i++) {
      if (t[i] == '%') {
        return i;
      }
    }
    return -1;
  }

  /**
   * What {@code Character.digit(c, 16) >= 0} says, by table for ASCII: C1 calls through to the
   * Unicode tables for every {@code %} in the text otherwise.
   */
  private static boolean isHex(char c) {
    return hexValue(c) >= 0;
  }

  private static boolean isBase64(char c) {
    return c < 128 && BASE64[c];
  }

  private static int value(char c, boolean url) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' || c == '-' ? 62 : 63;
  }

  private static boolean isUrl(char c) {
    return c < 128 && URL[c];
  }

  /** The run decoded, when it is valid base64 of text; else null. */
  static String base64(String run, boolean url) {
    if (run.length() % 4 == 1) {
      run = run.substring(0, run.length() - 1);
    }
    try {
      byte[] bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(pad(run));
      return asText(bytes, bytes.length);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String pad(String run) {
    int r = run.length() % 4;
    return r == 0 ? run : run + "==".substring(0, 4 - r);
  }

  /**
   * The run with its %XX escapes decoded, when that changes it and gives text; else null. (Into a
   * byte array of the run's length, which the decoded bytes never exceed: a history decodes the
   * same runs in every version of a file, and a {@code ByteArrayOutputStream} took a lock per
   * byte.)
   */
  static String percent(String run) {
    int n = run.length();
    byte[] bytes = new byte[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      char c = run.charAt(i);
      int high;
      int low;
      if (c == '%'
          && i + 2 < n
          && (high = hexValue(run.charAt(i + 1))) >= 0
          && (low = hexValue(run.charAt(i + 2))) >= 0) {
        bytes[k++] = (byte) (high * 16 + low);
        i += 2;
      } else {
        bytes[k++] = (byte) c;
      }
    }
    String decoded = asText(bytes, k);
    return decoded == null || decoded.equals(run) ? null : decoded;
  }

  /** {@code Character.digit(c, 16)}, by table for ASCII. */
  private static int hexValue(char c) {
    return c < 128 ? HEX_VALUE[c] : Character.digit(c, 16);
  }

  /**
   * The first {@code length} bytes as strict UTF-8 without control characters (tabs and line ends
   * aside), else null. ASCII, most decoded runs, needs no decoder.
   */
  private static String asText(byte[] bytes, int length) {
    boolean ascii = true;
    for (int i = 0; i < length && ascii; i++) {
      ascii = bytes[i] >= 0;
    }
    String s;
    if (ascii) {
      s = new String(bytes, 0, length, StandardCharsets.US_ASCII);
    } else {
      try {
        s =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, length))
                .toString();
      } catch (CharacterCodingException e) {
        return null;
      }
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        return null;
      }
    }
    return s;
  }
}
