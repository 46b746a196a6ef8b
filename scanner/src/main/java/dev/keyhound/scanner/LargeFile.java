package dev.keyhound.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file over {@code --max-file-size} that a source found: too large to hold whole, so it is not
 * read into a {@link Blob} but handed over with a way to read it, for the scan to read in windows
 * of bounded size (see {@link WindowedScan}).
 *
 * @param size how many bytes {@code content} yields
 * @param content opens the bytes, read once from start to end (a file, a blob streamed from git)
 */
public record LargeFile(long size, Provenance provenance, Content content) {
  public LargeFile {
    Objects.requireNonNull(provenance, "provenance");
    Objects.requireNonNull(content, "content");
    if (size < 0) {
      throw new IllegalArgumentException("file size must not be negative: " + size);
    }
  }

  /** A file on disk. */
  public LargeFile(Path file, long size, Provenance provenance) {
    this(size, provenance, () -> Files.newInputStream(file));
  }

  /** Where a large file's bytes come from. */
  @FunctionalInterface
  public interface Content {
    /** A new stream over the bytes; the caller closes it, possibly before its end. */
    InputStream open() throws IOException;
  }
}
