package dev.keyhound.cli;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/**
 * A program for {@link OldGenerationGrowthTest}'s child JVMs: it keeps a rolling window of 48 MiB
 * of arrays alive while it allocates 768 MiB, so that every array outlives a small young generation
 * and dies in the old one, as a history scan's cache windows do. It prints whether {@link
 * OldGenerationGrowth} listens, how many full collections ran and the old generation's peak
 * committed size.
 */
final class OldGenerationChurn {
  private OldGenerationChurn() {}

  public static void main(String[] args) throws InterruptedException {
    boolean installed = OldGenerationGrowth.installIfAsked();
    byte[][] window = new byte[48][];
    for (int i = 0; i < 768; i++) {
      window[i % window.length] = new byte[1 << 20];
      if (i % 32 == 0) {
        Thread.sleep(1); // the notification thread's turn, as a scan's I/O would give it
      }
    }
    long full = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!gc.getName().equals("Copy")) {
        full += gc.getCollectionCount();
      }
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Tenured Gen")) {
        peak = pool.getPeakUsage().getCommitted();
      }
    }
    System.out.println(
        "installed="
            + installed
            + " full="
            + full
            + " peakOldMiB="
            + (peak >> 20)
            + " live="
            + window.length);
  }
}
