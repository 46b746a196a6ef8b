package dev.keyhound.scanner;

import java.util.Objects;

/**
 * Content to scan, identified by its git blob id (SHA-1 of {@code "blob <len>\0" + bytes}), so
 * identical content from a file and from history is scanned once.
 */
public record Blob(String id, byte[] bytes) {
  public Blob {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** A blob whose id is computed from its bytes as git computes it. */
  public static Blob of(byte[] bytes) {
    return new Blob(BlobIds.gitBlobId(bytes), bytes);
  }

  public int size() {
    return bytes.length;
  }
}
