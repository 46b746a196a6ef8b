package dev.keyhound.scanner.detect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens that carry their own end of life and have passed it: a JWT whose {@code exp} claim (RFC
 * 7519 section 4.1.4, seconds since the epoch) lies before now. Every conforming server refuses
 * such a token, and it reveals no key that signs new ones, so finding it in a changelog or an old
 * commit is noise rather than a leak. A JWT without {@code exp} or with an unreadable one is kept.
 */
final class ExpiredTokens {
  /** The {@code exp} claim in a JWT payload's JSON: a number, possibly fractional (NumericDate). */
  private static final Pattern EXP =
      Pattern.compile("\"exp\"\\s*:\\s*(\\d{1,12})(?:\\.\\d+)?\\s*[,}]");

  private ExpiredTokens() {}

  /** Why the value is a dead token, if it is: every JWT in it has expired before {@code now}. */
  static Optional<String> why(String secret, Instant now) {
    Instant latest = null;
    int at = secret.indexOf("eyJ");
    while (at >= 0) {
      int dot = secret.indexOf('.', at);
      if (dot < 0) {
        break;
      }
      int end = dot + 1;
      while (end < secret.length() && isBase64Url(secret.charAt(end))) {
        end++;
      }
      Instant exp = expiry(secret.substring(dot + 1, end));
      if (exp == null) {
        return Optional.empty(); // a token that does not expire, or not a JWT payload: keep it
      }
      latest = latest == null || exp.isAfter(latest) ? exp : latest;
      at = secret.indexOf("eyJ", end);
    }
    if (latest == null || !latest.isBefore(now)) {
      return Optional.empty();
    }
    return Optional.of("a JWT that expired at " + latest);
  }

  private static Instant expiry(String payloadSegment) {
    String payload;
    try {
      payload = new String(Base64.getUrlDecoder().decode(payloadSegment), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!payload.startsWith("{")) {
      return null;
    }
    Matcher m = EXP.matcher(payload);
    return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
  }

  private static boolean isBase64Url(char c) {
    return Words.isAsciiAlnum(c) || c == '-' || c == '_';
  }
}
