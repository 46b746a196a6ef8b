package dev.keyhound.remediation;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * A short claim on shared work (an outbox row, a repository to scan): who holds it, how long it
 * lasts from each renewal, and the clock that tells. A holder renews it with a {@link Heartbeat}
 * while the work runs, so a crashed holder's claim lapses within one {@link #length()} and any
 * other process may take it over; a live holder's claim never lapses however long the work takes.
 *
 * @param owner who holds the claim, stored beside it (unique per process and run)
 * @param length how long one renewal lasts
 * @param clock the clock deadlines are read from (tests move it)
 */
public record Lease(String owner, Duration length, Clock clock) {
  /** The standard length: a crashed worker's claims are taken over within this long. */
  public static final Duration STANDARD = Duration.ofSeconds(30);

  public Lease {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(clock, "clock");
    if (owner.isBlank()) {
      throw new IllegalArgumentException("lease owner must not be blank");
    }
    if (length == null || length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("lease length must be positive: " + length);
    }
  }

  /** A lease of the standard length owned by this process ({@code pid@host/uuid}). */
  public static Lease standard(Clock clock) {
    return new Lease(processOwner(), STANDARD, clock);
  }

  /** An owner name unique to this process and call. */
  public static String processOwner() {
    return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
  }

  /** The deadline (epoch milliseconds) a claim or renewal made now runs to. */
  public long untilMillis() {
    return clock.millis() + length.toMillis();
  }

  /** How often a heartbeat renews: a third of the length, so two missed beats still hold. */
  public Duration renewEvery() {
    return length.dividedBy(3);
  }
}
