package dev.keyhound.reports;

import java.nio.charset.StandardCharsets;

/**
 * Turns a reported path into a relative URI reference for SARIF's {@code artifactLocation.uri}:
 * each segment percent-encoded (RFC 3986 {@code pchar}, with ':' also encoded so a first segment
 * never reads as a scheme), {@code /} kept as the separator. Archive members are not encoded here:
 * SARIF points at the archive on disk.
 */
final class SarifUris {
  private static final String KEEP = "-._~!$&'()*+,;=@";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private SarifUris() {}

  static String relative(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    StringBuilder out = new StringBuilder();
    for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '/' || (c < 0x80 && (Character.isLetterOrDigit(c) || KEEP.indexOf(c) >= 0))) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
