package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Skipped;
import java.util.function.Consumer;

/**
 * Plain text only ({@code --no-extract}): decodes a blob as the full extractor does (UTF-8, or
 * UTF-16 by byte-order mark or zero-byte pattern) and passes over binary ones with a note.
 */
public final class TextExtractor implements ContentExtractor {

  @Override
  public void extract(
      Blob blob, String location, Consumer<Segment> segments, Consumer<Skipped> skipped) {
    TextDecoding.decode(
        blob.bytes(),
        segments instanceof TransientSegments,
        text -> {
          if (text == null) {
            skipped.accept(new Skipped(location, Skipped.Reason.BINARY, ""));
          } else {
            segments.accept(text.segment(null));
          }
        });
  }
}
