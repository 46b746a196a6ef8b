package dev.keyhound.scanner.detect;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Detection switches.
 *
 * @param includeBadChecksums report issuer/GitHub-shaped values whose checksum fails, as low
 *     confidence
 * @param clock what "now" is for the {@code expired} filter (a token past its {@code exp})
 * @param savedPlans the folder where the plans of rules outside the built-in pack are kept between
 *     runs ({@link SavedPlans}), or null for none
 */
public record DetectorOptions(boolean includeBadChecksums, Clock clock, Path savedPlans) {
  public static final DetectorOptions DEFAULTS = new DetectorOptions(false);

  public DetectorOptions {
    Objects.requireNonNull(clock, "clock");
  }

  /** The switches, with the system clock. */
  public DetectorOptions(boolean includeBadChecksums) {
    this(includeBadChecksums, Clock.systemUTC());
  }

  /** The switches, keeping no plans between runs. */
  public DetectorOptions(boolean includeBadChecksums, Clock clock) {
    this(includeBadChecksums, clock, null);
  }

  /** These switches, keeping the plans of rules outside the built-in pack in {@code folder}. */
  public DetectorOptions withSavedPlans(Path folder) {
    return new DetectorOptions(includeBadChecksums, clock, folder);
  }
}
