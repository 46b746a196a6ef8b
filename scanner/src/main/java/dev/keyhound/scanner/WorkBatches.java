package dev.keyhound.scanner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * Work for the scan threads (a file to read, a blob to scan), handed over in batches of up to
 * {@value #ITEMS} items or {@value #BYTES} bytes while the threads have work queued, and at once
 * when they have none. One hand-off per item woke a waiting thread each time (a futex call on each
 * side, and often a context switch): on a 9,824-file source tree 12k voluntary and 9.5k involuntary
 * context switches, ~0.1 CPU-s. Nothing is held back from an idle thread (a source may wait for a
 * read: a pipe), and batches are small enough for the threads to share the end of a scan.
 */
final class WorkBatches {
  static final int ITEMS = 32;
  static final long BYTES = 512 * 1024;

  private final BlockingQueue<Runnable> queue;
  private List<Runnable> batch = new ArrayList<>();
  private long bytes;

  /** Batches put on {@code queue}, which the scan threads take from. */
  WorkBatches(BlockingQueue<Runnable> queue) {
    this.queue = queue;
  }

  /** Takes an item of about {@code size} bytes, and hands over a batch when one is due. */
  synchronized void add(Runnable item, long size) {
    batch.add(item);
    bytes += size;
    if (batch.size() >= ITEMS || bytes >= BYTES || queue.isEmpty()) {
      flush();
    }
  }

  /**
   * Hands over the items taken since the last batch went: when the source is done, and before it
   * waits for the threads (they cannot finish what they were not given).
   */
  synchronized void flush() {
    if (batch.isEmpty()) {
      return;
    }
    List<Runnable> full = batch;
    batch = new ArrayList<>();
    bytes = 0;
    Uninterruptibly.put(queue, () -> full.forEach(Runnable::run));
  }
}
