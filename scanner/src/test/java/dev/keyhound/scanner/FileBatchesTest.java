package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;

/** What {@link FileBatches} puts on the scan threads' queue, and when. */
class FileBatchesTest {
  private final List<String> read = new ArrayList<>();
  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(64);
  private final FileBatches batches = new FileBatches(queue, (file, size, path) -> read.add(path));

  /** Runs what is queued, as the scan threads would; returns how many files each item read. */
  private List<Integer> drain() {
    List<Integer> sizes = new ArrayList<>();
    for (Runnable r; (r = queue.poll()) != null; ) {
      int before = read.size();
      r.run();
      sizes.add(read.size() - before);
    }
    return sizes;
  }

  private void file(int i, long size) {
    batches.accept(Path.of("f" + i), size, "f" + i);
  }

  @Test
  void whileTheThreadsHaveWork_filesGoInBatchesOfThirtyTwo_andFlushSendsTheRest() {
    queue.add(() -> {}); // the threads are busy: work is queued
    for (int i = 0; i < 70; i++) {
      file(i, 10);
    }
    batches.flush();
    batches.flush(); // nothing left: no empty batch
    assertEquals(List.of(0, 32, 32, 6), drain());
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      expected.add("f" + i);
    }
    assertEquals(expected, read);
  }

  @Test
  void aBatchGoesOnceItsFilesReachTheByteBound() {
    queue.add(() -> {});
    file(0, FileBatches.BYTES - 1);
    file(1, 1);
    file(2, FileBatches.BYTES);
    file(3, 5);
    assertEquals(List.of(0, 2, 1), drain());
    batches.flush();
    assertEquals(List.of(1), drain());
  }

  @Test
  void whenNoWorkIsQueued_whatIsTakenGoesAtOnce() {
    file(0, 10);
    assertEquals(List.of(1), drain());
    file(1, 10); // goes: the queue was empty
    file(2, 10); // waits: f1 is queued
    assertEquals(List.of(1), drain());
    assertEquals(List.of("f0", "f1"), read);
    file(3, 10); // goes, with f2
    assertEquals(List.of(2), drain());
    assertEquals(List.of("f0", "f1", "f2", "f3"), read);
  }
}
