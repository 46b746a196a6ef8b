package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A worker that waits on a document lends its core, with the outcomes of a plain timed get. */
class CoreLendingTest {
  /** Runs {@code body} on a thread of its own, as a scan worker: the lender is per thread. */
  private static <T> T onWorker(java.util.concurrent.Callable<T> body) throws Exception {
    AtomicReference<Object> out = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                out.set(body.call());
              } catch (Exception e) {
                out.set(e);
              }
            });
    t.start();
    t.join(TimeUnit.MINUTES.toMillis(1));
    if (out.get() instanceof Exception e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    T value = (T) out.get();
    return value;
  }

  @Test
  void get_lendsWhileItWaits_soWorkHandedOverCanEndTheWait() throws Exception {
    // Only the lender completes the future: the wait ends only if it lends while waiting.
    String got =
        onWorker(
            () -> {
              CompletableFuture<String> parse = new CompletableFuture<>();
              CoreLending.lendWith(() -> parse.complete("text"));
              return CoreLending.get(parse, TimeUnit.SECONDS.toNanos(30));
            });

    assertEquals("text", got);
  }

  @Test
  void get_timesOutAtTheDeadline_lendingOnTheWay() throws Exception {
    AtomicInteger lent = new AtomicInteger();
    long started = System.nanoTime();

    assertThrows(
        TimeoutException.class,
        () ->
            onWorker(
                () -> {
                  CoreLending.lendWith(lent::incrementAndGet);
                  return CoreLending.get(
                      new CompletableFuture<String>(), TimeUnit.MILLISECONDS.toNanos(50));
                }));

    assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(50));
    assertTrue(lent.get() >= 1, "lent " + lent.get() + " times");
  }

  @Test
  void get_rethrowsWhatTheParseThrew() {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                onWorker(
                    () -> {
                      CoreLending.lendWith(() -> {});
                      return CoreLending.get(
                          CompletableFuture.failedFuture(new IllegalStateException("bad")),
                          TimeUnit.SECONDS.toNanos(30));
                    }));

    assertEquals("bad", e.getCause().getMessage());
  }

  @Test
  void get_onAThreadThatLendsNothing_isAPlainTimedGet() throws Exception {
    assertEquals(
        "done",
        onWorker(
            () ->
                CoreLending.get(
                    CompletableFuture.completedFuture("done"), TimeUnit.SECONDS.toNanos(1))));
    assertThrows(
        TimeoutException.class,
        () ->
            onWorker(
                () ->
                    CoreLending.get(
                        new CompletableFuture<String>(), TimeUnit.MILLISECONDS.toNanos(20))));
  }
}
