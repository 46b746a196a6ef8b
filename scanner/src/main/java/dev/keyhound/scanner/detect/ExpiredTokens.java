package dev.keyhound.scanner.detect;

import java.time.Instant;
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
    for (JwtSpans.Span jwt : JwtSpans.in(secret)) {
      Instant exp = expiry(jwt.payload(secret));
      if (exp == null) {
        return Optional.empty(); // a token that does not expire, or not a JWT payload: keep it
      }
      latest = latest == null || exp.isAfter(latest) ? exp : latest;
    }
    if (latest == null || !latest.isBefore(now)) {
      return Optional.empty();
    }
    return Optional.of("a JWT that expired at " + latest);
  }

  private static Instant expiry(String payload) {
    if (!payload.startsWith("{")) {
      return null;
    }
    Matcher m = EXP.matcher(payload);
    return m.find() ? Instant.ofEpochSecond(Long.parseLong(m.group(1))) : null;
  }
}
