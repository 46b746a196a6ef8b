package dev.keyhound.scanner;

/**
 * Bounds the blob bytes a scan has handed to its workers and not yet scanned, so that the queue
 * between a source and the workers holds a budget of bytes rather than a number of blobs (eight
 * queued blobs of up to {@code --max-file-size} each were 80 MiB on two cores). A blob larger than
 * the bound still passes when nothing else is held, so no blob waits for ever.
 */
final class BytesInFlight {
  /** Per worker thread: a worker's blob and one or two queued behind it, at typical sizes. */
  static final long PER_THREAD = 16L << 20;

  private final long max;
  private long held;

  BytesInFlight(long max) {
    if (max <= 0) {
      throw new IllegalArgumentException("bytes in flight must be positive: " + max);
    }
    this.max = max;
  }

  /** The bound for a scan on {@code threads} worker threads. */
  static BytesInFlight forThreads(int threads) {
    return new BytesInFlight(PER_THREAD * Math.max(1, threads));
  }

  /**
   * Waits until {@code bytes} more fit under the bound, or nothing is held; waits through
   * interrupts (a blob dropped would never be scanned) and keeps the interrupt for the caller.
   */
  synchronized void acquire(long bytes) {
    boolean interrupted = false;
    while (held > 0 && held + bytes > max) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    held += bytes;
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes {@code bytes} if they fit under the bound (or nothing is held) without waiting. */
  synchronized boolean tryAcquire(long bytes) {
    if (held > 0 && held + bytes > max) {
      return false;
    }
    held += bytes;
    return true;
  }

  /** Gives back what {@link #acquire} or {@link #tryAcquire} took, once the blob is scanned. */
  synchronized void release(long bytes) {
    held -= bytes;
    notifyAll();
  }

  /** The bytes held now. */
  synchronized long held() {
    return held;
  }
}
