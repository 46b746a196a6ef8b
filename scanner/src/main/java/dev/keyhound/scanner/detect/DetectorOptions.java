package dev.keyhound.scanner.detect;

/**
 * Detection switches.
 *
 * @param includeBadChecksums report issuer/GitHub-shaped values whose checksum fails, as low
 *     confidence
 */
public record DetectorOptions(boolean includeBadChecksums) {
  public static final DetectorOptions DEFAULTS = new DetectorOptions(false);
}
