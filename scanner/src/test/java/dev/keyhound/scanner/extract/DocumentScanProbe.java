package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Extracts one document, told by its bytes alone; run inside an isolated class loader to see which
 * classes that loads.
 */
public final class DocumentScanProbe implements Function<byte[], List<String>> {
  @Override
  public List<String> apply(byte[] document) {
    List<String> seen = new ArrayList<>();
    Extractors.create(ExtractionLimits.defaults(10 * 1024 * 1024))
        .extract(
            Blob.of(document),
            "document",
            s -> seen.add("text " + s.text()),
            s -> seen.add("skipped " + s.describe()));
    return seen;
  }
}
