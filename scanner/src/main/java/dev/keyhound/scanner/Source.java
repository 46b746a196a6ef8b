package dev.keyhound.scanner;

import java.util.List;

/** Something that yields blobs to scan: a directory, a repository's history, the staged change. */
public interface Source {

  /** What this source reads, for messages ("repo at /x", "dir /y"). */
  String describe();

  /**
   * Hands every blob to the sink, each unique blob once where the source can tell, and reports
   * every input it could not read to the sink rather than throwing. Throws only when the source as
   * a whole cannot be read.
   */
  void emit(Sink sink) throws java.io.IOException;

  /** Receives what a source yields; implementations are thread-safe. */
  interface Sink {
    void accept(SourceItem item);

    /**
     * Whether this sink takes blobs before all their places are known ({@link
     * #acceptUnattributed}): a history source then reads and scans blobs while its walk still runs.
     */
    default boolean attributesLater() {
      return false;
    }

    /**
     * A blob to scan now whose provenances are final only once the source's {@link #emit} has
     * returned: {@code first} is where it was first seen (it names the blob for extraction and
     * messages), {@code all} gives every place, first included, when called after {@code emit}.
     * Only called when {@link #attributesLater()}.
     */
    default void acceptUnattributed(
        Blob blob, Provenance first, java.util.function.Supplier<List<Provenance>> all) {
      throw new UnsupportedOperationException("this sink takes blobs with all their places");
    }

    void skipped(Skipped skipped);

    /**
     * A regular file of about {@code size} bytes (as the walk saw it) for the sink to read and
     * scan. By default it is read here, on the source's thread; a sink with threads of its own
     * reads it on one of them, so that reading runs beside the walk rather than after it.
     */
    default void acceptFile(java.nio.file.Path file, long size, String path, long maxFileSize) {
      FileSource.read(file, size, path, maxFileSize, this);
    }

    /**
     * The bytes of a regular file read for the scan, reported at {@code place}. A sink that scans
     * many files may scan identical ones once (see {@link IdenticalFiles}); by default it is one
     * more item.
     */
    default void acceptFileBytes(java.nio.file.Path file, byte[] bytes, Provenance.File place) {
      accept(new SourceItem(Blob.of(bytes), List.of(place)));
    }

    /**
     * A file over the size limit. A sink that can scan it in windows does; by default it is passed
     * over as too large.
     */
    default void acceptLarge(LargeFile large, long maxFileSize) {
      skipped(
          new Skipped(
              large.provenance().path(),
              Skipped.Reason.TOO_LARGE,
              large.size() + " bytes > --max-file-size " + maxFileSize));
    }
  }
}
