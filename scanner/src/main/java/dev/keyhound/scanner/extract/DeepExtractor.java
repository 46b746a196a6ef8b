package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Skipped;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sees inside blobs: plain text takes the fast path (no copy, no parser), anything else is walked
 * by an {@link Extraction} with its own budget.
 */
final class DeepExtractor implements ContentExtractor {
  private final ExtractionLimits limits;

  DeepExtractor(ExtractionLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  @Override
  public void extract(
      Blob blob, String location, Consumer<Segment> segments, Consumer<Skipped> skipped) {
    new Extraction(limits, location, blob.size(), segments, skipped).run(blob.bytes());
  }
}
