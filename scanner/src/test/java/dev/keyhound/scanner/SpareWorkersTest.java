package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.extract.CoreLending;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A worker's lender hands queued tasks to a spare thread, one at a time, never the poison. */
class SpareWorkersTest {
  private static final Runnable POISON = () -> {};

  @Test
  void lend_runsTheNextQueuedTaskOnASpare_oneAtATime() throws Exception {
    BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(8);
    List<String> ranOn = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstStarted = new CountDownLatch(1);
    queue.put(
        () -> {
          ranOn.add(Thread.currentThread().getName());
          firstStarted.countDown();
          await(release);
        });
    queue.put(() -> ranOn.add(Thread.currentThread().getName()));
    SpareWorkers spares = new SpareWorkers(1, queue, POISON);
    CoreLending.Lender lender = spares.lender();

    lender.lend();
    assertTrue(firstStarted.await(30, TimeUnit.SECONDS));
    lender.lend(); // the spare is busy: nothing more is handed over
    assertEquals(1, queue.size());
    release.countDown();
    spares.finish();
    lender = spares.lender();
    lender.lend();
    spares.finish();

    assertEquals(2, ranOn.size(), ranOn.toString());
    assertTrue(
        ranOn.stream().allMatch(n -> n.startsWith("keyhound-scan-spare-")), ranOn.toString());
    assertTrue(queue.isEmpty());
  }

  @Test
  void lend_leavesTheWorkersPoisonInTheQueue() throws Exception {
    BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(8);
    queue.put(POISON);
    SpareWorkers spares = new SpareWorkers(2, queue, POISON);

    spares.lender().lend();
    spares.finish();

    assertEquals(1, queue.size());
    assertSame(POISON, queue.take());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
