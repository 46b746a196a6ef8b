package dev.keyhound.scanner;

import dev.keyhound.scanner.detect.DetectorOptions;

/**
 * How a scan runs.
 *
 * @param threads detection threads (at least 1)
 * @param maxFileSize files and blobs larger than this are skipped with a note
 */
public record ScanOptions(int threads, long maxFileSize, DetectorOptions detector) {
  public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;

  public ScanOptions {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    if (maxFileSize <= 0) {
      throw new IllegalArgumentException("max file size must be positive: " + maxFileSize);
    }
    java.util.Objects.requireNonNull(detector, "detector");
  }

  public static ScanOptions defaults() {
    return new ScanOptions(
        Runtime.getRuntime().availableProcessors(),
        DEFAULT_MAX_FILE_SIZE,
        DetectorOptions.DEFAULTS);
  }
}
