package dev.keyhound.scanner.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where JWTs sit in a matched value: each {@code eyJ…} header, its payload, and the signature when
 * there is one, so that the filters that judge tokens by their claims read them the same way.
 */
final class JwtSpans {
  /**
   * One token in a value.
   *
   * @param start where its header begins
   * @param dot the dot between header and payload
   * @param end where its payload ends (a dot there starts the signature)
   */
  record Span(int start, int dot, int end) {
    String header(String value) {
      return decode(value.substring(start, dot));
    }

    String payload(String value) {
      return decode(value.substring(dot + 1, end));
    }
  }

  private JwtSpans() {}

  /** The tokens in {@code value}, in order. */
  static List<Span> in(String value) {
    List<Span> out = new ArrayList<>();
    int at = value.indexOf("eyJ");
    while (at >= 0) {
      int dot = value.indexOf('.', at);
      if (dot < 0) {
        break;
      }
      int end = dot + 1;
      while (end < value.length() && isBase64Url(value.charAt(end))) {
        end++;
      }
      out.add(new Span(at, dot, end));
      at = value.indexOf("eyJ", end);
    }
    return out;
  }

  static boolean isBase64Url(char c) {
    return Words.isAsciiAlnum(c) || c == '-' || c == '_';
  }

  /** A base64url segment as UTF-8 text; empty when it is not base64url after all. */
  static String decode(String b64url) {
    try {
      return new String(Base64.getUrlDecoder().decode(b64url), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
