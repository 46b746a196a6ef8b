package dev.keyhound.scanner;

import dev.keyhound.scanner.extract.CoreLending;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that run the tasks a scan worker hands over while it waits on a document parsed on
 * another thread ({@link CoreLending}): at most one task per worker at a time, so the scan still
 * keeps about as many threads busy as it has workers. Started with the first hand-over: a scan that
 * meets no document starts none.
 */
final class SpareWorkers {
  private final int count;
  private final BlockingQueue<Runnable> queue;
  private final Runnable poison;
  private ExecutorService pool; // guarded by this

  /**
   * @param count at most this many spare threads (one per worker)
   * @param queue the workers' queue, which ends with one {@code poison} per worker
   */
  SpareWorkers(int count, BlockingQueue<Runnable> queue, Runnable poison) {
    if (count < 1) {
      throw new IllegalArgumentException("spare threads must be at least 1: " + count);
    }
    this.count = count;
    this.queue = queue;
    this.poison = poison;
  }

  /** How one worker thread lends its core: each worker has its own. */
  CoreLending.Lender lender() {
    return new CoreLending.Lender() {
      private Future<?> running;

      @Override
      public void lend() {
        if (running != null && !running.isDone()) {
          return;
        }
        Runnable next = queue.poll();
        if (next == null) {
          return;
        }
        if (next == poison) {
          // The sources are done and every task is taken: the poison is a worker's, put back.
          Uninterruptibly.put(queue, poison);
          return;
        }
        running = pool().submit(next);
      }
    };
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool =
          Executors.newFixedThreadPool(
              count,
              r -> {
                Thread t = new Thread(r, "keyhound-scan-spare-" + n.getAndIncrement());
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  /**
   * Waits until every task handed over has run; called once the workers have ended, so no more are
   * handed over.
   */
  void finish() {
    ExecutorService p;
    synchronized (this) {
      p = pool;
      pool = null;
    }
    if (p == null) {
      return;
    }
    p.shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        if (p.awaitTermination(1, TimeUnit.DAYS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
