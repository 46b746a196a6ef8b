package dev.keyhound.scanner;

import java.util.Objects;

/**
 * Content to scan, identified by its git blob id (SHA-1 of {@code "blob <len>\0" + bytes}), so
 * identical content from a file and from history is scanned once.
 *
 * <p>A blob read from a file computes its id only when asked: a directory scan needs it only for
 * the few files with a finding, and hashing every file cost a tenth of the scan's CPU.
 */
public final class Blob {
  private final byte[] bytes;
  // Racy single-check: two threads may both hash, and both get the same immutable String.
  private String id;

  /** A blob whose id is already known (a repository's object id). */
  public Blob(String id, byte[] bytes) {
    this.id = Objects.requireNonNull(id, "id");
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  private Blob(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /**
   * A blob whose id is computed from its bytes as git computes it, on the first call of {@link
   * #id()}.
   */
  public static Blob of(byte[] bytes) {
    return new Blob(bytes);
  }

  /** The git blob id, in hex. */
  public String id() {
    String known = id;
    if (known == null) {
      known = BlobIds.gitBlobId(bytes);
      id = known;
    }
    return known;
  }

  /** Whether the id has been computed (or was given); for tests of the lazy hashing. */
  boolean idKnown() {
    return id != null;
  }

  public byte[] bytes() {
    return bytes;
  }

  public int size() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return "Blob[" + bytes.length + " bytes]";
  }
}
