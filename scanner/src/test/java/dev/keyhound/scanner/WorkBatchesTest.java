package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** What {@link WorkBatches} puts on the scan threads' queue, and when. */
class WorkBatchesTest {
  private final List<Integer> done = new ArrayList<>();
  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(64);
  private final WorkBatches batches = new WorkBatches(queue);

  /** Runs what is queued, as the scan threads would; returns how many items each batch ran. */
  private List<Integer> drain() {
    List<Integer> sizes = new ArrayList<>();
    for (Runnable r; (r = queue.poll()) != null; ) {
      int before = done.size();
      r.run();
      sizes.add(done.size() - before);
    }
    return sizes;
  }

  private void item(int i, long size) {
    batches.add(() -> done.add(i), size);
  }

  @Test
  void whileTheThreadsHaveWork_itemsGoInBatchesOfThirtyTwo_andFlushSendsTheRest() {
    queue.add(() -> {}); // the threads are busy: work is queued
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      item(i, 10);
      expected.add(i);
    }
    batches.flush();
    batches.flush(); // nothing left: no empty batch
    assertEquals(List.of(0, 32, 32, 6), drain());
    assertEquals(expected, done);
  }

  @Test
  void aBatchGoesOnceItsItemsReachTheByteBound() {
    queue.add(() -> {});
    item(0, WorkBatches.BYTES - 1);
    item(1, 1);
    item(2, WorkBatches.BYTES);
    item(3, 5);
    assertEquals(List.of(0, 2, 1), drain());
    batches.flush();
    assertEquals(List.of(1), drain());
  }

  @Test
  void whenNoWorkIsQueued_whatIsTakenGoesAtOnce() {
    item(0, 10);
    assertEquals(List.of(1), drain());
    item(1, 10); // goes: the queue was empty
    item(2, 10); // waits: item 1 is queued
    assertEquals(List.of(1), drain());
    assertEquals(List.of(0, 1), done);
    item(3, 10); // goes, with item 2
    assertEquals(List.of(2), drain());
    assertEquals(List.of(0, 1, 2, 3), done);
  }
}
