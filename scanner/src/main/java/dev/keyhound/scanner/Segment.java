package dev.keyhound.scanner;

import java.util.Objects;

/**
 * Text extracted from a blob: the blob's own text ({@code member} null) or that of a member inside it
 * ({@code inner/a.env}, {@code inner.zip!a.env}), to be scanned as a file of its own.
 */
public record Segment(String member, String text) {
  public Segment {
    Objects.requireNonNull(text, "text");
  }
}
