package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.detect.LineIndex;
import java.util.function.Consumer;

/**
 * {@link EncodedValues} as it was before it read the segment's chars (its search kept word for
 * word, the reference its tests compare it with; a run's decoding, which did not change, is
 * EncodedValues' own): finds base64, base64url and percent-encoded runs in text, decodes those that
 * decode to text, and hands the result on as a segment reported at the run's position, recursing a
 * few rounds deep.
 */
final class EncodedValuesReference {
  /** 24 base64 characters are 18 bytes: shorter runs hardly hold a key with its name or prefix. */
  static final int MIN_BASE64_RUN = 24;

  /**
   * Characters of either base64 alphabet, by char value: a table lookup keeps the per-char cost
   * low.
   */
  private static final boolean[] BASE64 = new boolean[128];

  /** Characters of a URL (or query string) around a percent escape, by char value. */
  private static final boolean[] URL = new boolean[128];

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
      URL[c] =
          c >= 'A' && c <= 'Z'
              || c >= 'a' && c <= 'z'
              || c >= '0' && c <= '9'
              || "%._~+-/=:&?@!$*,;".indexOf(c) >= 0;
    }
  }

  private EncodedValuesReference() {}

  /**
   * Emits what each encoded run in the segment decodes to, then what those decode to, {@code depth}
   * rounds.
   */
  static void expand(Segment segment, int depth, Consumer<Segment> out) {
    if (depth <= 0) {
      return;
    }
    new Scan(segment, depth, out).run();
  }

  /** One pass over one segment's text. */
  private static final class Scan {
    private final Segment segment;
    private final String text;
    private final int depth;
    private final Consumer<Segment> out;
    private LineIndex lines;

    Scan(Segment segment, int depth, Consumer<Segment> out) {
      this.segment = segment;
      this.text = segment.text();
      this.depth = depth;
      this.out = out;
    }

    void run() {
      for (long r = nextRun(text, 0); r >= 0; r = nextRun(text, (int) r)) {
        candidate((int) (r >>> 32), (int) r);
      }
      int percent = text.indexOf('%');
      if (percent >= 0) {
        percentRuns(percent);
      }
    }

    private void candidate(int start, int end) {
      boolean standard = false;
      boolean url = false;
      for (int k = start; k < end; k++) {
        char c = text.charAt(k);
        standard |= c == '+' || c == '/';
        url |= c == '-' || c == '_';
      }
      if (!(standard && url) && plausible(start, url)) {
        String decoded = EncodedValues.base64(text.substring(start, end), url);
        if (decoded != null) {
          found(start, decoded, "base64");
        }
      }
    }

    /** Decodes the percent-encoded runs from the first {@code %}, at {@code first}. */
    private void percentRuns(int first) {
      int n = text.length();
      int from = first;
      int at;
      while ((at = text.indexOf('%', from)) >= 0) {
        if (at + 2 >= n
            || Character.digit(text.charAt(at + 1), 16) < 0
            || Character.digit(text.charAt(at + 2), 16) < 0) {
          from = at + 1;
          continue;
        }
        int start = at;
        while (start > 0 && isUrl(text.charAt(start - 1))) {
          start--;
        }
        int end = at;
        while (end < n && isUrl(text.charAt(end))) {
          end++;
        }
        String decoded = EncodedValues.percent(text.substring(start, end));
        if (decoded != null) {
          found(start, decoded, "percent");
        }
        from = end;
      }
    }

    private void found(int offset, String decoded, String encoding) {
      Segment.Origin at = segment.encodedAt();
      if (at == null) {
        if (lines == null) {
          lines = new LineIndex(text);
        }
        at = new Segment.Origin(lines.line(offset), lines.column(offset), encoding);
      }
      Segment inner = segment.decoded(decoded, at);
      out.accept(inner);
      expand(inner, depth - 1, out);
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
        bits = (bits << 6) | value(text.charAt(k), url);
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
   * start &lt;&lt; 32 | end, or -1. A small loop of its own: the JIT compiles it in a moment, where
   * one method with the decoding inlined took C2 a second and was recompiled three times.
   */
  static long nextRun(String t, int from) {
    int n = t.length();
    int i = from;
    // A run starting at i must hold the MIN_BASE64_RUN chars from i: read them backwards, from
    // the last. A char that is not base64, at k, rules out every run starting at or before k, so
    // the next try starts after it. In source code that char is most often the gap before a
    // word, a few chars back, and the try skips ahead most of MIN_BASE64_RUN chars unread.
    // (text[i - 1], when there is one, is not a base64 char: no run found reaches back past i.)
    while (i + MIN_BASE64_RUN <= n) {
      int k = i + MIN_BASE64_RUN - 1;
      while (k >= i && isBase64(t.charAt(k))) {
        k--;
      }
      if (k >= i) {
        i = k + 1;
        continue;
      }
      int end = i + MIN_BASE64_RUN;
      while (end < n && isBase64(t.charAt(end))) {
        end++;
      }
      return (long) i << 32 | end;
    }
    return -1;
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
}
