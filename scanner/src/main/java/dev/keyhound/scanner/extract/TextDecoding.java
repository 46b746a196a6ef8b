package dev.keyhound.scanner.extract;

import java.nio.charset.StandardCharsets;

/**
 * Turns bytes into text: UTF-8, or UTF-16 told by its byte-order mark or by the pattern of its zero
 * bytes.
 */
public final class TextDecoding {
  private static final int SAMPLE = 8000;

  private TextDecoding() {}

  /**
   * The text, or null when the bytes are binary (a NUL in the first 8000 bytes that is not UTF-16).
   */
  public static String decode(byte[] b) {
    Decoded d = decodeWithChars(b);
    return d == null ? null : d.text();
  }

  /**
   * Decoded text, with the chars the detector reads.
   *
   * @param chars the text's chars, shared read-only with whoever reads the text
   * @param noPercentBefore the text has no {@code %} before this index (0 when not known): where
   *     the search for percent-encoded runs may start
   */
  record Decoded(String text, char[] chars, int noPercentBefore) {
    Decoded {
      if (chars.length != text.length() || noPercentBefore < 0 || noPercentBefore > chars.length) {
        throw new IllegalArgumentException(
            "chars must be the text's and noPercentBefore within it: "
                + chars.length
                + " chars, "
                + text.length()
                + " in the text, no % before "
                + noPercentBefore);
      }
    }

    /** The text as a segment named {@code member}, sharing its chars. */
    Segment segment(String member) {
      return new Segment(member, text, null, null, null, chars);
    }
  }

  /**
   * The bytes decoded (as {@link #decode}) with their chars, or null when they are binary.
   *
   * <p>Most source is ASCII: one loop widens it into the chars the detector reads while checking it
   * is ASCII (and, in the first 8000 bytes, free of NULs) and noting its first {@code %}, and the
   * string is a plain copy of the bytes. Decoding to a string as UTF-8, inflating its chars and
   * searching them for a {@code %} reads the text three more times, in loops that C1, which runs
   * most scans, does not turn into vector instructions. Other text is decoded as before.
   */
  static Decoded decodeWithChars(byte[] b) {
    char[] chars = new char[b.length];
    int percent = ascii(b, chars);
    if (percent != NOT_ASCII) {
      return new Decoded(
          new String(b, StandardCharsets.ISO_8859_1), chars, percent < 0 ? chars.length : percent);
    }
    String text = general(b);
    return text == null ? null : new Decoded(text, text.toCharArray(), 0);
  }

  private static final int NOT_ASCII = -2;

  /**
   * Widens the bytes into {@code c} when all are ASCII and the first {@link #SAMPLE} hold no NUL:
   * returns the index of the first {@code %}, or -1 for none; else {@link #NOT_ASCII}.
   *
   * <p>Four loops, each with as few tests as it needs: the first two look for a {@code %} too, the
   * last two take over after it; the first and third also fail on a NUL (binary in the sample, text
   * after it). On C1, one loop that kept testing for a {@code %} after finding one ran at 0.7x the
   * speed of these (a microbenchmark over the ASCII files of a source tree).
   */
  static int ascii(byte[] b, char[] c) {
    int n = b.length;
    int sample = Math.min(n, SAMPLE);
    int i = 0;
    for (; i < sample; i++) {
      byte v = b[i];
      if (v <= 0) {
        return NOT_ASCII;
      }
      if (v == '%') {
        break;
      }
      c[i] = (char) v;
    }
    if (i == sample) {
      for (; i < n; i++) {
        byte v = b[i];
        if (v < 0) {
          return NOT_ASCII;
        }
        if (v == '%') {
          break;
        }
        c[i] = (char) v;
      }
    }
    if (i == n) {
      return -1;
    }
    int percent = i;
    for (; i < sample; i++) {
      byte v = b[i];
      if (v <= 0) {
        return NOT_ASCII;
      }
      c[i] = (char) v;
    }
    for (; i < n; i++) {
      byte v = b[i];
      if (v < 0) {
        return NOT_ASCII;
      }
      c[i] = (char) v;
    }
    return percent;
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
