package dev.keyhound.scanner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A source already read into memory, replayed on demand: lets a caller see how much a source holds
 * (to choose between {@link Scanner#scan} and {@link Scanner#scanOnCallingThread}) before scanning
 * it.
 */
public final class ReadSource implements Source {
  private final String description;
  private final List<SourceItem> items;
  private final List<Skipped> skipped;
  private final List<Large> large;
  private final long bytes;

  /** A file over the size limit, not read but remembered, to hand on as the source did. */
  private record Large(LargeFile file, long maxFileSize) {}

  private ReadSource(
      String description, List<SourceItem> items, List<Skipped> skipped, List<Large> large) {
    this.description = description;
    this.items = List.copyOf(items);
    this.skipped = List.copyOf(skipped);
    this.large = List.copyOf(large);
    this.bytes =
        items.stream().mapToLong(i -> i.blob().size()).sum()
            + large.stream().mapToLong(l -> l.file().size()).sum();
  }

  /**
   * Reads every item and skip the source yields; a source that cannot be read at all becomes one
   * skip.
   */
  public static ReadSource of(Source source) {
    List<SourceItem> items = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    List<Large> large = new ArrayList<>();
    try {
      source.emit(
          new Sink() {
            @Override
            public synchronized void accept(SourceItem item) {
              items.add(item);
            }

            @Override
            public synchronized void skipped(Skipped s) {
              skipped.add(s);
            }

            @Override
            public synchronized void acceptLarge(LargeFile file, long maxFileSize) {
              large.add(new Large(file, maxFileSize));
            }
          });
    } catch (IOException | RuntimeException e) {
      // As Scanner.scan reports a source that fails as a whole, keeping what it yielded before
      // failing.
      skipped.add(new Skipped(source.describe(), Skipped.Reason.UNREADABLE, FileSource.message(e)));
    }
    return new ReadSource(source.describe(), items, skipped, large);
  }

  /** The total size of the blobs read and of the large files to read in windows. */
  public long bytes() {
    return bytes;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void emit(Sink sink) {
    skipped.forEach(sink::skipped);
    items.forEach(sink::accept);
    large.forEach(l -> sink.acceptLarge(l.file(), l.maxFileSize()));
  }
}
