package dev.keyhound.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.Set;

/**
 * A program for {@link HeapGrowthTest}'s child JVMs: it keeps a rolling window of 48 MiB of arrays
 * alive while it allocates 768 MiB, so that every array outlives a small young generation and dies
 * in the old one, as a history scan's cache windows do. It prints whether {@link HeapGrowth}
 * watches, how many full collections ran and the old generation's peak committed size.
 */
final class HeapGrowthChurn {
  private static final Set<String> FULL = Set.of("MarkSweepCompact", "G1 Old Generation");
  private static final Set<String> OLD = Set.of("Tenured Gen", "G1 Old Gen");

  private HeapGrowthChurn() {}

  public static void main(String[] args) throws InterruptedException {
    boolean watching = HeapGrowth.startIfAsked();
    byte[][] window = new byte[48][];
    for (int i = 0; i < 768; i++) {
      window[i % window.length] = new byte[1 << 20];
      if (i % 16 == 0) {
        Thread.sleep(1); // a moment for the watching thread, as a scan's reading gives it
      }
    }
    long full = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      full += FULL.contains(gc.getName()) ? gc.getCollectionCount() : 0;
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      peak += OLD.contains(pool.getName()) ? pool.getPeakUsage().getCommitted() : 0;
    }
    System.out.println(
        "watching="
            + watching
            + " full="
            + full
            + " peakOldMiB="
            + (peak >> 20)
            + " "
            + window.length);
  }
}
