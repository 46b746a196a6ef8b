package dev.keyhound.scanner.extract;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds that keep extraction of a hostile file from exhausting the machine; each one hit
 * becomes a reported skip, never a crash.
 *
 * @param maxArchiveDepth archives nested deeper than this are not opened (the scanned file itself
 *     is depth 0)
 * @param maxExtractedBytes bytes decompressed from one top-level file, all members and layers
 *     together
 * @param maxExpansionRatio decompressed bytes per byte of the top-level file, checked past the
 *     first MiB
 * @param maxArchiveEntries entries read from one archive
 * @param maxDecodeDepth rounds of base64 / percent decoding applied to decoded text
 * @param documentTimeout how long one document parse may run before it is abandoned
 * @param maxMemberSize a member larger than this is skipped as too large, as a file would be; this
 *     also bounds the memory one member takes
 */
public record ExtractionLimits(
    int maxArchiveDepth,
    long maxExtractedBytes,
    int maxExpansionRatio,
    int maxArchiveEntries,
    int maxDecodeDepth,
    Duration documentTimeout,
    long maxMemberSize) {
  public static final int DEFAULT_MAX_ARCHIVE_DEPTH = 3;
  public static final long DEFAULT_MAX_EXTRACTED_BYTES = 256L * 1024 * 1024;
  public static final int DEFAULT_MAX_EXPANSION_RATIO = 100;
  public static final int DEFAULT_MAX_ARCHIVE_ENTRIES = 10_000;
  public static final int DEFAULT_MAX_DECODE_DEPTH = 2;
  public static final Duration DEFAULT_DOCUMENT_TIMEOUT = Duration.ofSeconds(30);

  public ExtractionLimits {
    if (maxArchiveDepth < 0) {
      throw new IllegalArgumentException(
          "max archive depth must not be negative: " + maxArchiveDepth);
    }
    if (maxExtractedBytes <= 0) {
      throw new IllegalArgumentException(
          "max extracted bytes must be positive: " + maxExtractedBytes);
    }
    if (maxExpansionRatio < 1) {
      throw new IllegalArgumentException(
          "max expansion ratio must be at least 1: " + maxExpansionRatio);
    }
    if (maxArchiveEntries < 1) {
      throw new IllegalArgumentException(
          "max archive entries must be positive: " + maxArchiveEntries);
    }
    if (maxDecodeDepth < 0) {
      throw new IllegalArgumentException(
          "max decode depth must not be negative: " + maxDecodeDepth);
    }
    Objects.requireNonNull(documentTimeout, "documentTimeout");
    if (documentTimeout.isNegative() || documentTimeout.isZero()) {
      throw new IllegalArgumentException("document timeout must be positive: " + documentTimeout);
    }
    if (maxMemberSize <= 0) {
      throw new IllegalArgumentException("max member size must be positive: " + maxMemberSize);
    }
  }

  /** The defaults, with members bounded like files by the scan's {@code --max-file-size}. */
  public static ExtractionLimits defaults(long maxMemberSize) {
    return new ExtractionLimits(
        DEFAULT_MAX_ARCHIVE_DEPTH,
        DEFAULT_MAX_EXTRACTED_BYTES,
        DEFAULT_MAX_EXPANSION_RATIO,
        DEFAULT_MAX_ARCHIVE_ENTRIES,
        DEFAULT_MAX_DECODE_DEPTH,
        DEFAULT_DOCUMENT_TIMEOUT,
        maxMemberSize);
  }
}
