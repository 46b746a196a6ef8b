package dev.keyhound.remediation;

import java.time.Duration;

/** Waits; injected so that backoff and rate-limit tests run without real sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL =
      d -> {
        if (!d.isNegative() && !d.isZero()) {
          Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        }
      };

  void sleep(Duration d) throws InterruptedException;
}
