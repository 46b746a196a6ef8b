package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Abandons a first document parse at once, then parses again; run in a fresh class loader. */
public final class TimeoutThenParseProbe implements Function<byte[], List<String>> {
  @Override
  public List<String> apply(byte[] document) {
    List<String> seen = new ArrayList<>();
    for (Duration timeout : List.of(Duration.ofNanos(1), Duration.ofSeconds(60))) {
      ExtractionLimits limits = new ExtractionLimits(3, 1 << 28, 100, 10_000, 2, timeout, 1 << 24);
      Extractors.create(limits)
          .extract(
              Blob.of(document),
              "doc",
              s -> seen.add("text " + s.text().strip()),
              s -> seen.add("skipped " + s.describe()));
    }
    return seen;
  }
}
