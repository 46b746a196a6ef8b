package dev.keyhound.scanner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * Files for the scan threads to read, handed over in batches of up to {@value #FILES} files or
 * {@value #BYTES} bytes while the threads have work queued, and at once when they have none. One
 * hand-off per file woke a waiting thread each time (a futex call on each side, and often a context
 * switch): ~0.1 CPU-s of a 9,824-file source tree, a twentieth of the scan threads' time. A file is
 * never held back from an idle thread (a source may wait for its read: a pipe), and batches are
 * small enough for the threads to share the tree's end.
 */
final class FileBatches {
  static final int FILES = 32;
  static final long BYTES = 512 * 1024;

  /** A file for a worker to read: where it is, its size as walked, and its reported path. */
  @FunctionalInterface
  interface FileTask {
    void accept(Path file, long size, String path);
  }

  private final BlockingQueue<Runnable> queue;
  private final FileTask read;
  private List<Runnable> batch = new ArrayList<>();
  private long bytes;

  /** Batches of files that {@code read} reads, put on {@code queue} for the scan threads. */
  FileBatches(BlockingQueue<Runnable> queue, FileTask read) {
    this.queue = queue;
    this.read = read;
  }

  /** Takes a file from the source, and hands over a batch when one is due. */
  void accept(Path file, long size, String path) {
    batch.add(() -> read.accept(file, size, path));
    bytes += size;
    if (batch.size() >= FILES || bytes >= BYTES || queue.isEmpty()) {
      flush();
    }
  }

  /** Hands over the files taken since the last batch went; the source calls it when it is done. */
  void flush() {
    if (batch.isEmpty()) {
      return;
    }
    List<Runnable> full = batch;
    batch = new ArrayList<>();
    bytes = 0;
    Uninterruptibly.put(queue, () -> full.forEach(Runnable::run));
  }
}
