package dev.keyhound.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Content over {@code --max-file-size} that a source found: too large to hold whole, so it is not
 * read into a {@link Blob} but handed over with a way to stream it, for the scan to read in windows
 * of bounded size (see {@link WindowedScan}). A file on disk has one provenance; a history blob has
 * one per (path, introducing commit).
 */
public record LargeFile(long size, List<Provenance> provenances, Opener opener) {
  /** Opens the content from its start; the scan closes what it opens. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  public LargeFile {
    Objects.requireNonNull(opener, "opener");
    provenances = List.copyOf(provenances);
    if (provenances.isEmpty()) {
      throw new IllegalArgumentException("a large file needs at least one provenance");
    }
    if (size < 0) {
      throw new IllegalArgumentException("file size must not be negative: " + size);
    }
  }

  /** A file on disk. */
  public LargeFile(Path file, long size, Provenance provenance) {
    this(size, List.of(provenance), () -> Files.newInputStream(file));
  }

  /** The first place the content was seen: where skips and errors are reported. */
  public Provenance provenance() {
    return provenances.get(0);
  }
}
