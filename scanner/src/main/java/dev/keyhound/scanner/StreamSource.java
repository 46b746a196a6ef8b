package dev.keyhound.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

/**
 * One stream read to its end as one file: standard input ({@code keyhound scan -}), a FIFO or a
 * process substitution ({@code <(cat app.yaml)}). A stream cannot be sized first, so reading stops
 * one byte past {@code --max-file-size} and the input is then skipped as too large.
 */
public final class StreamSource implements Source {
  /** Opens the stream when the scan reads it (a FIFO blocks until its writer opens it). */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final String name;
  private final Opener opener;
  private final long maxFileSize;

  /**
   * @param name the path to report ({@code -} for standard input, else the target as typed)
   */
  public StreamSource(String name, Opener opener, long maxFileSize) {
    this.name = Objects.requireNonNull(name, "name");
    this.opener = Objects.requireNonNull(opener, "opener");
    if (maxFileSize <= 0) {
      throw new IllegalArgumentException("max file size must be positive: " + maxFileSize);
    }
    this.maxFileSize = maxFileSize;
  }

  @Override
  public String describe() {
    return "stream " + name;
  }

  @Override
  public void emit(Sink sink) throws IOException {
    byte[] bytes;
    try (InputStream in = opener.open()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileSize + 1));
    }
    if (bytes.length > maxFileSize) {
      sink.skipped(
          new Skipped(
              name,
              Skipped.Reason.TOO_LARGE,
              "more than --max-file-size " + maxFileSize + " bytes"));
      return;
    }
    sink.accept(new SourceItem(Blob.of(bytes), List.of(new Provenance.File(name))));
  }
}
