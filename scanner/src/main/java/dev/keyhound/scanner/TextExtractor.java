package dev.keyhound.scanner;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Decodes text blobs (UTF-8, or UTF-16 by BOM) and passes over binary ones with a note. */
public final class TextExtractor implements ContentExtractor {

  @Override
  public void extract(
      Blob blob, String location, Consumer<Segment> segments, Consumer<Skipped> skipped) {
    byte[] b = blob.bytes();
    if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      segments.accept(new Segment(null, new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE)));
      return;
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      segments.accept(new Segment(null, new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE)));
      return;
    }
    if (isBinary(b)) {
      skipped.accept(new Skipped(location, Skipped.Reason.BINARY, ""));
      return;
    }
    int from =
        b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf
            ? 3
            : 0;
    segments.accept(
        new Segment(null, new String(b, from, b.length - from, StandardCharsets.UTF_8)));
  }

  /** Git's rule: a NUL byte in the first 8000 bytes means binary. */
  public static boolean isBinary(byte[] b) {
    int n = Math.min(b.length, 8000);
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        return true;
      }
    }
    return false;
  }
}
