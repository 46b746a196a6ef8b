package dev.keyhound.scanner.extract;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lets a scan worker that waits on work done on another thread (a document parsed on the document
 * pool) lend its core meanwhile: it hands queued tasks, one at a time, to a spare thread. Without
 * it, two workers that each waited on a document left a core idle while the queue was full: on
 * psf/requests' history the workers spent ~1 s in such waits (9 versions of an xlsx, 3 Illustrator
 * files), most of it while the first document of a kind loaded its parser's classes.
 */
public final class CoreLending {
  /** How often a waiting worker checks whether its spare is free for another task. */
  static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private static final ThreadLocal<Lender> LENDER = new ThreadLocal<>();

  private CoreLending() {}

  /** What a waiting worker does with its core. */
  public interface Lender {
    /**
     * Hands the next queued task to this worker's spare, if the spare is free and one is queued.
     */
    void lend();
  }

  /** Called once on each worker thread: how it lends its core while it waits. */
  public static void lendWith(Lender lender) {
    LENDER.set(Objects.requireNonNull(lender, "lender"));
  }

  /**
   * {@code future.get(timeout)}, lending this thread's core while it waits when the thread is a
   * worker that can; the same outcomes, at the same deadline.
   */
  static <T> T get(Future<T> future, long timeoutNanos)
      throws InterruptedException, ExecutionException, TimeoutException {
    Lender lender = LENDER.get();
    if (lender == null) {
      return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
    }
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || future.isDone()) {
        return future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      }
      lender.lend();
      try {
        return future.get(Math.min(left, SLICE_NANOS), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // not yet: lend again, or time out at the deadline
      }
    }
  }
}
