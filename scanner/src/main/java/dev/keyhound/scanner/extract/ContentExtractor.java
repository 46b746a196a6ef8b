package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Skipped;
import java.util.function.Consumer;

/**
 * Turns a blob's bytes into the text segments to scan (plain text, archive members, document text).
 */
public interface ContentExtractor {

  /**
   * Hands each text segment of the blob to {@code segments}; reports what it cannot or will not
   * read to {@code skipped} (with the location given) rather than throwing.
   */
  void extract(Blob blob, String location, Consumer<Segment> segments, Consumer<Skipped> skipped);
}
