package dev.keyhound.scanner;

import java.util.Objects;

/** One place a distinct secret appears: where (provenance), and the line and column in that content. */
public record Occurrence(String id, Provenance provenance, String blobId, int line, int column) {
  public Occurrence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(blobId, "blobId");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }
}
