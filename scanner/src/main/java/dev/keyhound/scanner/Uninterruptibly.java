package dev.keyhound.scanner;

import java.util.concurrent.BlockingQueue;

/**
 * Queue hand-overs between a scan's own threads that an interrupt must not break (an item dropped
 * would be a file or blob never scanned); the interrupt is kept for the caller to see afterwards.
 */
public final class Uninterruptibly {
  private Uninterruptibly() {}

  /** {@link BlockingQueue#put}, waiting through interrupts. */
  public static <T> void put(BlockingQueue<T> queue, T item) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          queue.put(item);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@link BlockingQueue#take}, waiting through interrupts. */
  public static <T> T take(BlockingQueue<T> queue) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return queue.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
