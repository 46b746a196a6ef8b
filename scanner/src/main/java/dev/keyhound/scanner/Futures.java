package dev.keyhound.scanner;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work done on another thread as if it had been done on this one. */
public final class Futures {
  private Futures() {}

  /**
   * The future's value; what the work threw (a runtime exception or an error such as {@code
   * OutOfMemoryError}) is rethrown as itself rather than wrapped, so callers handle it as usual.
   */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
