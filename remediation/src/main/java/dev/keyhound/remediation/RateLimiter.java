package dev.keyhound.remediation;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces calls at least 1/rps apart across all threads (rps 0 means no cap), so a scan never floods
 * the issuer.
 */
public final class RateLimiter {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long nextSlot;

  public RateLimiter(double requestsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (requestsPerSecond < 0 || Double.isNaN(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requests per second must be 0 (no cap) or positive: " + requestsPerSecond);
    }
    this.intervalNanos = requestsPerSecond == 0 ? 0 : (long) (1_000_000_000L / requestsPerSecond);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.nextSlot = nanoTime.getAsLong();
  }

  /** No cap. */
  public static RateLimiter unlimited() {
    return new RateLimiter(0, System::nanoTime, Sleeper.REAL);
  }

  /** Blocks until this caller's slot comes. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      long slot = Math.max(now, nextSlot);
      nextSlot = slot + intervalNanos;
      wait = slot - now;
    }
    sleeper.sleep(Duration.ofNanos(wait));
  }
}
