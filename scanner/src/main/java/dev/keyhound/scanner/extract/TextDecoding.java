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
