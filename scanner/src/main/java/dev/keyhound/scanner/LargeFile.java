package dev.keyhound.scanner;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file over {@code --max-file-size} that a source found: too large to hold whole, so it is not
 * read into a {@link Blob} but handed over by path, for the scan to read in windows of bounded size
 * (see {@link WindowedScan}).
 */
public record LargeFile(Path file, long size, Provenance provenance) {
  public LargeFile {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(provenance, "provenance");
    if (size < 0) {
      throw new IllegalArgumentException("file size must not be negative: " + size);
    }
  }
}
