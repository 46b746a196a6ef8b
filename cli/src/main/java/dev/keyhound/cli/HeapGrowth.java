package dev.keyhound.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs a full collection whenever the serial collector has grown the heap: what JDK 17's serial
 * collector did by itself, and JDK 25's no longer does.
 *
 * <p>JDK 17's serial collector followed a young collection that had to grow the old generation with
 * a full collection in the same pause ({@code TenuredGeneration::should_collect}: "expanded to
 * accommodate promotions"), then sized the old generation to its live data plus {@code
 * MinHeapFreeRatio}. JDK 25's grows the old generation on every young collection that promotes more
 * than it has room for, and collects it in full only once it can grow no more, at the maximum heap
 * (a quarter of the machine's memory). A history scan promotes its caches' windows and blobs, which
 * die later in the old generation: on a 1 GB history the heap grew to 1.8 GB of RSS with no full
 * collection, for a live set of ~300 MB. Collecting after each growth keeps it at 17's ~0.8 GB
 * without lowering the maximum heap, so an input that needs more (a large document, a mirror's
 * refs) still gets it.
 *
 * <p>A daemon thread looks at the committed heap ({@link Runtime#totalMemory}, which costs nothing)
 * every {@link #PERIOD_MS} ms, rather than listening to the collector's notifications: their MXBean
 * registry costs a scan's start 30-140 ms. The collector is only identified, through that registry,
 * once the heap first grows, which a short scan never makes it do. The launcher asks for it ({@code
 * -Dkeyhound.full-gc-on-heap-growth=true}) on scans on JDK 25+ when the user sets no maximum heap.
 */
final class HeapGrowth implements Runnable {
  static final String PROPERTY = "keyhound.full-gc-on-heap-growth";
  static final long PERIOD_MS = 10;

  private final LongSupplier committed;
  private final BooleanSupplier serialCollector;
  private final Runnable fullCollection;
  private long seen;
  private boolean checked;

  HeapGrowth(LongSupplier committed, BooleanSupplier serialCollector, Runnable fullCollection) {
    this.committed = committed;
    this.serialCollector = serialCollector;
    this.fullCollection = fullCollection;
    this.seen = committed.getAsLong();
  }

  /** Starts watching this JVM's heap when the launcher asked for it; returns whether it does. */
  static boolean startIfAsked() {
    if (!Boolean.getBoolean(PROPERTY)) {
      return false;
    }
    Runtime rt = Runtime.getRuntime();
    Thread t = new Thread(new HeapGrowth(rt::totalMemory, HeapGrowth::serial, System::gc));
    t.setName("keyhound-heap-growth");
    t.setDaemon(true);
    t.start();
    return true;
  }

  private static boolean serial() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().equals("MarkSweepCompact")) {
        return true;
      }
    }
    return false;
  }

  /**
   * One look at the heap: a full collection if it has grown since the last look (the heap that
   * collection leaves is the next baseline, and so is a heap that shrank). Returns false, for good,
   * when the heap first grew under another collector (asked once).
   */
  boolean look() {
    long now = committed.getAsLong();
    if (now > seen) {
      if (!checked && !serialCollector.getAsBoolean()) {
        return false;
      }
      checked = true;
      fullCollection.run();
      now = committed.getAsLong();
    }
    seen = now;
    return true;
  }

  @Override
  public void run() {
    try {
      while (look()) {
        TimeUnit.MILLISECONDS.sleep(PERIOD_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
