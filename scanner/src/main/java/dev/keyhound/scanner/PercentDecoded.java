package dev.keyhound.scanner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A secret with its {@code %XX} escapes decoded, so that a value found as written ({@code ...%3D})
 * and again in the percent-decoded copy of its line ({@code ...=}) compare equal.
 */
final class PercentDecoded {
  private PercentDecoded() {}

  /** The value with each valid {@code %XX} escape replaced by its byte (UTF-8); others kept. */
  static String of(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length) {
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          out.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      out.write(bytes[i]);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
