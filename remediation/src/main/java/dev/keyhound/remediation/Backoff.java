package dev.keyhound.remediation;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Exponential backoff with jitter that never waits less than the issuer's Retry-After. */
public record Backoff(Duration base, Duration cap, RandomGenerator random) {
  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap: " + base + ", " + cap);
    }
  }

  public static Backoff standard() {
    return new Backoff(
        Duration.ofMillis(200), Duration.ofSeconds(20), RandomGenerator.getDefault());
  }

  /**
   * The wait before attempt {@code attempt + 1} (attempt counts from 1): half fixed, half random.
   */
  public Duration delay(int attempt, Duration retryAfter) {
    long exp = base.toMillis() << Math.min(attempt - 1, 20);
    long ceiling = Math.min(exp, cap.toMillis());
    long jittered = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
    Duration d = Duration.ofMillis(jittered);
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
