package dev.keyhound.cli;

import dev.keyhound.scanner.extract.ContentExtractor;
import dev.keyhound.scanner.extract.ExtractionLimits;
import dev.keyhound.scanner.extract.Extractors;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The flags that bound what {@code keyhound scan} reads inside archives, documents and encoded
 * values.
 */
public final class ExtractionOptions {
  @Option(
      names = "--no-extract",
      description =
          "Read files as plain text only: no archives, documents, notebooks or encoded values.")
  boolean noExtract;

  @Option(
      names = "--max-archive-depth",
      paramLabel = "N",
      description =
          "Open archives, and files embedded in documents, nested up to this deep (default:"
              + " ${DEFAULT-VALUE}).")
  int maxArchiveDepth = ExtractionLimits.DEFAULT_MAX_ARCHIVE_DEPTH;

  @Option(
      names = "--max-extracted-bytes",
      paramLabel = "BYTES",
      converter = ByteSize.class,
      description = "Stop extracting a file after this many decompressed bytes (default: 256 MiB).")
  long maxExtractedBytes = ExtractionLimits.DEFAULT_MAX_EXTRACTED_BYTES;

  @Option(
      names = "--max-expansion-ratio",
      paramLabel = "N",
      description =
          "Stop extracting a file that expands more than N times its size (default: ${DEFAULT-VALUE}).")
  int maxExpansionRatio = ExtractionLimits.DEFAULT_MAX_EXPANSION_RATIO;

  @Option(
      names = "--max-archive-entries",
      paramLabel = "N",
      description = "Read at most N entries of one archive (default: ${DEFAULT-VALUE}).")
  int maxArchiveEntries = ExtractionLimits.DEFAULT_MAX_ARCHIVE_ENTRIES;

  @Option(
      names = "--max-decode-depth",
      paramLabel = "N",
      description =
          "Decode base64 and percent-encoded values up to N times (default: ${DEFAULT-VALUE}).")
  int maxDecodeDepth = ExtractionLimits.DEFAULT_MAX_DECODE_DEPTH;

  @Option(
      names = "--document-timeout",
      paramLabel = "DURATION",
      description = "Abandon a document parse after this long, e.g. 30s, 2m (default: 30s).")
  String documentTimeout = "30s";

  /** The extractor these flags ask for; members are bounded like files, by {@code maxFileSize}. */
  ContentExtractor extractor(long maxFileSize) {
    if (noExtract) {
      return Extractors.plainText();
    }
    positive("--max-extracted-bytes", maxExtractedBytes);
    positive("--max-expansion-ratio", maxExpansionRatio);
    positive("--max-archive-entries", maxArchiveEntries);
    if (maxArchiveDepth < 0) {
      throw new UserError("--max-archive-depth must not be negative: " + maxArchiveDepth);
    }
    if (maxDecodeDepth < 0) {
      throw new UserError("--max-decode-depth must not be negative: " + maxDecodeDepth);
    }
    return Extractors.create(
        new ExtractionLimits(
            maxArchiveDepth,
            maxExtractedBytes,
            maxExpansionRatio,
            maxArchiveEntries,
            maxDecodeDepth,
            timeout(),
            maxFileSize));
  }

  private Duration timeout() {
    String t = documentTimeout.trim();
    try {
      Duration d =
          Duration.parse(t.toUpperCase(java.util.Locale.ROOT).startsWith("P") ? t : "PT" + t);
      if (d.isNegative() || d.isZero()) {
        throw new UserError("--document-timeout must be positive: " + documentTimeout);
      }
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      throw new UserError(
          "--document-timeout is not a duration (like 30s or 2m): " + documentTimeout);
    }
  }

  private static void positive(String flag, long value) {
    if (value <= 0) {
      throw new UserError(flag + " must be positive: " + value);
    }
  }
}
