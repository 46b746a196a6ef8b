package dev.keyhound.scanner.extract;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns bytes into text: UTF-8, or UTF-16 told by its byte-order mark or by the pattern of its zero
 * bytes.
 */
public final class TextDecoding {
  private static final int SAMPLE = 8000;

  /** Bytes read as little-endian longs, eight at a time: see {@link #indexOfPercent}. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long PERCENTS = 0x2525252525252525L;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private TextDecoding() {}

  /**
   * The text, or null when the bytes are binary (a NUL in the first 8000 bytes that is not UTF-16).
   */
  public static String decode(byte[] b) {
    Decoded d = decodeWithChars(b);
    return d == null ? null : d.text();
  }

  /**
   * Decoded text: the chars the detector reads, and the string only when decoding made one.
   *
   * @param chars the text's chars, {@code chars[0, length)}, shared read-only with whoever reads
   *     the text; a UTF-8 text that is not all ASCII has fewer chars than bytes, and the array is
   *     kept as decoded, longer than the text, rather than copied to its length
   * @param given the text as a string when decoding made one (UTF-16), else null: {@link #text}
   *     makes it
   * @param noEscapeBefore the text has no percent escape (a {@code %} and two hex digits) before
   *     this index (0 when not known): where the search for percent-encoded runs may start
   * @param ascii the bytes when every one is an ASCII char (char {@code i} is then byte {@code i}),
   *     for searches that read eight at a time; else null
   */
  record Decoded(char[] chars, int length, String given, int noEscapeBefore, byte[] ascii) {
    Decoded {
      if (length < 0
          || length > chars.length
          || given != null && (length != given.length() || length != chars.length)
          || noEscapeBefore < 0
          || noEscapeBefore > length
          || ascii != null && ascii.length != length) {
        throw new IllegalArgumentException(
            "chars must hold the text and noEscapeBefore be within it: "
                + chars.length
                + " chars, "
                + length
                + " in the text"
                + (given == null ? "" : " (" + given.length() + " given)")
                + ", no percent escape before "
                + noEscapeBefore
                + (ascii == null ? "" : ", " + ascii.length + " ASCII bytes"));
      }
    }

    /** The text as a string (made from the chars unless decoding gave one). */
    String text() {
      return given != null ? given : new String(chars, 0, length);
    }

    /** The text as a segment named {@code member}, sharing its chars. */
    Segment segment(String member) {
      return given != null
          ? new Segment(member, given, null, null, null, chars)
          : Segment.ofChars(member, chars, length);
    }
  }

  /**
   * The longest text decoded into its thread's reused buffer (chars; the buffer is twice this in
   * bytes): a longer one gets an array of its own. psf/requests' history has 2% of its blob bytes
   * in blobs over 1 MiB; a 1 GB source history none.
   */
  static final int MAX_LENT = 1 << 20;

  /** Per thread: the buffer that {@link #decode(byte[], boolean, Consumer)} lends. */
  private static final ThreadLocal<Lent> LENT = ThreadLocal.withInitial(Lent::new);

  private static final class Lent {
    char[] chars = new char[4096];

    /** Whether a text holds the buffer now: a text decoded meanwhile gets an array of its own. */
    boolean out;
  }

  /**
   * Decodes the bytes as {@link #decodeWithChars(byte[])} does and hands the result (null when they
   * are binary) to {@code use}. With {@code lend}, the chars are this thread's buffer, reused for
   * the next text once {@code use} returns: what {@code use} hands on must not keep them (see
   * {@link TransientSegments}). A scan allocated a new array for every text's chars, zeroed and
   * then filled: a third of all it allocated, and on psf/requests' history ~6% of the wall time (an
   * extra array of the same size per text cost that much).
   */
  static void decode(byte[] b, boolean lend, Consumer<Decoded> use) {
    Lent own = lend && b.length <= MAX_LENT ? LENT.get() : null;
    if (own == null || own.out) {
      use.accept(decodeWithChars(b));
      return;
    }
    if (own.chars.length < b.length) {
      own.chars = new char[Math.max(b.length, Math.min(MAX_LENT, 2 * own.chars.length))];
    }
    own.out = true;
    try {
      use.accept(decodeWithChars(b, own.chars));
    } finally {
      own.out = false;
    }
  }

  /**
   * The bytes decoded (as {@link #decode}) with their chars, or null when they are binary.
   *
   * <p>Most source is ASCII: one loop widens it into the chars the detector reads while checking it
   * is ASCII (and, in the first 8000 bytes, free of NULs) and noting its first {@code %}. Decoding
   * to a string as UTF-8, inflating its chars and searching them for a {@code %} reads the text
   * three more times, in loops that C1, which runs most scans, does not turn into vector
   * instructions. From an ASCII text's first {@code %} its bytes are searched, eight at a time, for
   * the first percent escape ({@link #firstEscape}): most code has a {@code %} (a format string, an
   * operator) and no escape, and its chars then need no search at all. UTF-8 that is not all ASCII
   * is decoded on from the first byte that is not, into the same chars, and its bytes bound where
   * its first escape may be; UTF-16 and binary are told apart as before. No string is made for
   * UTF-8: {@link Decoded#text} makes one when asked.
   */
  static Decoded decodeWithChars(byte[] b) {
    return decodeWithChars(b, new char[b.length]);
  }

  /** As {@link #decodeWithChars(byte[])}, into {@code chars} (at least as many as the bytes). */
  static Decoded decodeWithChars(byte[] b, char[] chars) {
    int n = b.length;
    if (chars.length < n) {
      throw new IllegalArgumentException(n + " bytes do not fit " + chars.length + " chars");
    }
    int i = widenToPercent(b, chars);
    int percent = i < n && b[i] == '%' ? i : -1;
    int stop = percent < 0 ? i : widen(b, chars, i);
    if (stop == n) {
      return new Decoded(chars, n, null, percent < 0 ? n : firstEscape(b, percent), b);
    }
    Decoded utf8 = utf8From(b, stop, chars, percent < 0 ? stop : percent);
    if (utf8 != null) {
      return utf8;
    }
    String text = general(b);
    return text == null ? null : new Decoded(text.toCharArray(), text.length(), text, 0, null);
  }

  /**
   * Widens ASCII bytes into {@code c} up to the first {@code %}, or the first byte that is not
   * ASCII text (a NUL in the first {@link #SAMPLE} bytes is not), or the end: returns where it
   * stopped.
   *
   * <p>This and {@link #widen} are four loops, each with as few tests as it needs: these look for a
   * {@code %} too, the others take over after it; the first of each also fails on a NUL (binary in
   * the sample, text after it). On C1, one loop that kept testing for a {@code %} after finding one
   * ran at 0.7x the speed of these (a microbenchmark over the ASCII files of a source tree).
   */
  static int widenToPercent(byte[] b, char[] c) {
    int n = b.length;
    int sample = Math.min(n, SAMPLE);
    int i = 0;
    for (; i < sample; i++) {
      byte v = b[i];
      if (v <= 0 || v == '%') {
        return i;
      }
      c[i] = (char) v;
    }
    for (; i < n; i++) {
      byte v = b[i];
      if (v < 0 || v == '%') {
        return i;
      }
      c[i] = (char) v;
    }
    return n;
  }

  /**
   * Where the first percent escape at or after {@code from} starts in ASCII bytes: a {@code %} with
   * two hex digits after it, as {@code EncodedValues} decodes them; {@code b.length} when there is
   * none.
   */
  static int firstEscape(byte[] b, int from) {
    return firstEscape(b, from, false);
  }

  /**
   * As {@link #firstEscape(byte[], int)}; with {@code orNonAscii}, in UTF-8 bytes, where the first
   * may start: a byte that is part of a char that is not ASCII counts as a hex digit too, as the
   * escape search in chars reads Unicode digits as hex digits.
   */
  static int firstEscape(byte[] b, int from, boolean orNonAscii) {
    int n = b.length;
    int at = indexOfPercent(b, from);
    while (at >= 0 && at + 2 < n) {
      byte high = b[at + 1];
      byte low = b[at + 2];
      if ((isHexDigit(high) || orNonAscii && high < 0)
          && (isHexDigit(low) || orNonAscii && low < 0)) {
        return at;
      }
      at = indexOfPercent(b, at + 1);
    }
    return n;
  }

  /**
   * The first {@code %} at or after {@code from}, or -1: eight bytes per step, which C1 runs at
   * twice the speed of a loop over the chars. A byte that is {@code %} is zero after the xor, and
   * {@code (x - 0x01..) & ~x & 0x80..} marks the lowest zero byte exactly (a borrow can mark bytes
   * above it, never below).
   */
  static int indexOfPercent(byte[] b, int from) {
    int n = b.length;
    int i = from;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i) ^ PERCENTS;
      long marked = (x - ONES) & ~x & HIGHS;
      if (marked != 0) {
        return i + (Long.numberOfTrailingZeros(marked) >>> 3);
      }
    }
    for (; i < n; i++) {
      if (b[i] == '%') {
        return i;
      }
    }
    return -1;
  }

  private static boolean isHexDigit(byte v) {
    int lower = v | 0x20;
    return v >= '0' && v <= '9' || lower >= 'a' && lower <= 'f';
  }

  /**
   * Widens ASCII bytes into {@code c} from {@code from} up to the first that is not ASCII text, or
   * the end: returns where it stopped.
   */
  static int widen(byte[] b, char[] c, int from) {
    int n = b.length;
    int sample = Math.min(n, SAMPLE);
    int i = from;
    for (; i < sample; i++) {
      byte v = b[i];
      if (v <= 0) {
        return i;
      }
      c[i] = (char) v;
    }
    for (; i < n; i++) {
      byte v = b[i];
      if (v < 0) {
        return i;
      }
      c[i] = (char) v;
    }
    return n;
  }

  /**
   * UTF-8 whose bytes up to {@code stop} are ASCII and widened into {@code c} already: decodes the
   * rest into {@code c} as {@code new String(bytes, UTF_8)} would (a decoder that replaces what is
   * malformed), dropping a UTF-8 byte-order mark. Null when the bytes are not taken for UTF-8: a
   * UTF-16 byte-order mark, or a NUL in the first {@link #SAMPLE} bytes.
   *
   * <p>Where the first percent escape may be is told from the bytes too ({@link
   * #firstEscape(byte[], int, boolean)}, from {@code searchFrom}, the first {@code %} or {@code
   * stop}), eight at a time: most text has none, and its chars then need no search (a char-by-char
   * search of the decoded text was ~4% of the scan threads' time on psf/requests' history, half of
   * whose text is in files not all ASCII).
   */
  private static Decoded utf8From(byte[] b, int stop, char[] c, int searchFrom) {
    int n = b.length;
    if (stop == 0
        && n >= 2
        && ((b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff
            || (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe)) {
      return null;
    }
    for (int k = stop, sample = Math.min(n, SAMPLE); k < sample; k++) {
      if (b[k] == 0) {
        return null;
      }
    }
    int from = stop;
    if (stop == 0
        && n >= 3
        && (b[0] & 0xff) == 0xef
        && (b[1] & 0xff) == 0xbb
        && (b[2] & 0xff) == 0xbf) {
      from = 3;
    }
    CharBuffer out = CharBuffer.wrap(c, stop, n - stop);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    // UTF-8 never gives more chars than bytes, even with replacements: the chars left suffice.
    CoderResult r = decoder.decode(ByteBuffer.wrap(b, from, n - from), out, true);
    if (!r.isUnderflow() || !decoder.flush(out).isUnderflow()) {
      throw new IllegalStateException("UTF-8 decoding of " + n + " bytes did not finish: " + r);
    }
    int length = out.position();
    return new Decoded(
        c,
        length,
        null,
        noEscapeBefore(firstEscape(b, searchFrom, true), stop, from, n, length),
        null);
  }

  /**
   * A char index before which the decoded text has no percent escape, given the byte index {@code
   * at} before which its bytes have none ({@code n} for none at all): exact in the ASCII bytes
   * before {@code stop}, where byte {@code i} is char {@code i}; past them, a lower bound. Bytes
   * from {@code from} decode to at least one char per four (a char takes at most three bytes, a
   * supplementary one four for two chars, a malformed sequence at most three for one replacement).
   */
  private static int noEscapeBefore(int at, int stop, int from, int n, int length) {
    if (at == n) {
      return length;
    }
    if (at < stop) {
      return at;
    }
    return Math.min(length, stop + Math.max(0, at - Math.max(stop, from)) / 4);
  }

  /** Any bytes: UTF-16 by byte-order mark or zero-byte pattern, else UTF-8. */
  private static String general(byte[] b) {
    if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
    }
    int n = Math.min(b.length, SAMPLE);
    int zeroEven = 0;
    int zeroOdd = 0;
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        if ((i & 1) == 0) {
          zeroEven++;
        } else {
          zeroOdd++;
        }
      }
    }
    if (zeroEven + zeroOdd == 0) {
      int from =
          b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf
              ? 3
              : 0;
      return new String(b, from, b.length - from, StandardCharsets.UTF_8);
    }
    // ASCII-range text in UTF-16 has a zero in every other byte and almost none in the others.
    int half = n / 2;
    if (half >= 4 && zeroOdd >= half * 0.9 && zeroEven <= half * 0.02) {
      return new String(b, 0, b.length & ~1, StandardCharsets.UTF_16LE);
    }
    if (half >= 4 && zeroEven >= half * 0.9 && zeroOdd <= half * 0.02) {
      return new String(b, 0, b.length & ~1, StandardCharsets.UTF_16BE);
    }
    return null;
  }
}
