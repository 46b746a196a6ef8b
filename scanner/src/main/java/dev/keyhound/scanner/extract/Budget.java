package dev.keyhound.scanner.extract;

/**
 * The bytes decompressed so far from one top-level file, checked against the total and the
 * expansion-ratio limits on every read.
 */
final class Budget {
  /**
   * Below this much output the ratio is not checked: small, very compressible files are not bombs.
   */
  static final long RATIO_FLOOR = 1024 * 1024;

  private final ExtractionLimits limits;
  private final long inputSize;
  private long extracted;

  Budget(ExtractionLimits limits, long inputSize) {
    this.limits = limits;
    this.inputSize = inputSize;
  }

  /** Counts {@code n} more decompressed bytes; throws when a limit is passed. */
  void add(long n) throws LimitReached {
    extracted += n;
    if (extracted > limits.maxExtractedBytes()) {
      throw new LimitReached(
          "extracted more than --max-extracted-bytes " + limits.maxExtractedBytes());
    }
    if (extracted > RATIO_FLOOR && extracted > inputSize * (double) limits.maxExpansionRatio()) {
      throw new LimitReached(
          "expands more than --max-expansion-ratio "
              + limits.maxExpansionRatio()
              + "x ("
              + inputSize
              + " bytes)");
    }
  }

  long extracted() {
    return extracted;
  }

  /** Bytes that may still be extracted before {@code --max-extracted-bytes} stops the file. */
  long remaining() {
    return Math.max(0, limits.maxExtractedBytes() - extracted);
  }

  /**
   * A limit was reached: extraction of the whole top-level file stops here, with what was scanned
   * kept.
   */
  static final class LimitReached extends java.io.IOException {
    LimitReached(String message) {
      super(message);
    }
  }
}
