package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Extracts one Word document; run inside an isolated class loader to see which classes that loads.
 */
public final class OfficeScanProbe implements Function<byte[], List<String>> {
  @Override
  public List<String> apply(byte[] docx) {
    List<String> seen = new ArrayList<>();
    Extractors.create(ExtractionLimits.defaults(10 * 1024 * 1024))
        .extract(
            Blob.of(docx),
            "handover.docx",
            s -> seen.add("text " + s.text()),
            s -> seen.add("skipped " + s.describe()));
    return seen;
  }
}
