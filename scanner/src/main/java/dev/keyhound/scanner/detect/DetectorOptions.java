package dev.keyhound.scanner.detect;

import java.time.Clock;
import java.util.Objects;

/**
 * Detection switches.
 *
 * @param includeBadChecksums report issuer/GitHub-shaped values whose checksum fails, as low
 *     confidence
 * @param clock what "now" is for the {@code expired} filter (a token past its {@code exp})
 */
public record DetectorOptions(boolean includeBadChecksums, Clock clock) {
  public static final DetectorOptions DEFAULTS = new DetectorOptions(false);

  public DetectorOptions {
    Objects.requireNonNull(clock, "clock");
  }

  /** The switches, with the system clock. */
  public DetectorOptions(boolean includeBadChecksums) {
    this(includeBadChecksums, Clock.systemUTC());
  }
}
