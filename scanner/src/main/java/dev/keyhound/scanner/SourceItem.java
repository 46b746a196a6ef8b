package dev.keyhound.scanner;

import java.util.List;
import java.util.Objects;

/** One blob a source hands to the scan, with every place it was seen. */
public record SourceItem(Blob blob, List<Provenance> provenances) {
  public SourceItem {
    Objects.requireNonNull(blob, "blob");
    provenances = List.copyOf(provenances);
    if (provenances.isEmpty()) {
      throw new IllegalArgumentException(
          "a source item needs at least one provenance: " + blob.id());
    }
  }
}
