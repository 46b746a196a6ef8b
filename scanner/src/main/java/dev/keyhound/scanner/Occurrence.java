package dev.keyhound.scanner;

import java.util.Objects;

/**
 * One place a distinct secret appears: where (provenance), and the line and column in that content.
 *
 * @param page 1-based page for paged documents (PDF), else null
 * @param cell 1-based cell for Jupyter notebooks, else null
 */
public record Occurrence(
    String id,
    Provenance provenance,
    String blobId,
    int line,
    int column,
    Integer page,
    Integer cell) {
  public Occurrence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(blobId, "blobId");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }

  public Occurrence(String id, Provenance provenance, String blobId, int line, int column) {
    this(id, provenance, blobId, line, column, null, null);
  }
}
