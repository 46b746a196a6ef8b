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
    Segment s = segment(null, b);
    return s == null ? null : s.text();
  }

  /**
   * The bytes as a segment named {@code member}, with the chars the detector reads, or null when
   * they are binary (as {@link #decode}).
   *
   * <p>Most source is ASCII: one loop widens it into the chars the detector reads while checking it
   * is ASCII (and, in the first 8000 bytes, free of NULs), and the string is a plain copy of the
   * bytes. Decoding to a string as UTF-8 and then inflating its chars reads the bytes twice more,
   * in loops that C1, which runs most scans, does not turn into vector instructions. Other text is
   * decoded as before.
   */
  static Segment segment(String member, byte[] b) {
    char[] chars = ascii(b);
    if (chars != null) {
      return new Segment(
          member, new String(b, StandardCharsets.ISO_8859_1), null, null, null, chars);
    }
    String text = general(b);
    return text == null ? null : new Segment(member, text);
  }

  /**
   * The bytes widened to chars when all are ASCII and the first {@link #SAMPLE} hold no NUL; else
   * null.
   */
  static char[] ascii(byte[] b) {
    int n = b.length;
    char[] c = new char[n];
    int sample = Math.min(n, SAMPLE);
    // (Two loops, so that the longer one tests one condition: a NUL after the sample is text.)
    for (int i = 0; i < sample; i++) {
      byte v = b[i];
      if (v <= 0) {
        return null;
      }
      c[i] = (char) v;
    }
    for (int i = sample; i < n; i++) {
      byte v = b[i];
      if (v < 0) {
        return null;
      }
      c[i] = (char) v;
    }
    return c;
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
