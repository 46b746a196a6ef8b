package dev.keyhound.cli;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Runs a full collection after each young collection of the serial collector that had to grow the
 * old generation: what JDK 17's serial collector did by itself, and JDK 25's no longer does.
 *
 * <p>JDK 17's serial collector followed such a young collection with a full one in the same pause
 * ({@code TenuredGeneration::should_collect}: "expanded to accommodate promotions"), and then sized
 * the old generation to its live data plus {@code MinHeapFreeRatio}. JDK 25's grows the old
 * generation on every young collection that promotes more than it has room for, and collects it in
 * full only when it can grow no more, at the maximum heap (a quarter of the machine's memory). A
 * history scan promotes its caches' windows and blobs, which die later in the old generation: on a
 * 1 GB history the old generation grew to 1.66 GB with no full collection, for a live set of ~300
 * MB. With this, the same scan stays at JDK 17's 0.75 GB without lowering the maximum heap, so an
 * input that needs more (a large document, a mirror's refs) still gets it.
 *
 * <p>The launcher asks for it ({@code -Dkeyhound.full-gc-on-old-growth=true}) on scans on JDK 25+
 * when the user has not set a maximum heap; it does nothing under another collector.
 */
final class OldGenerationGrowth {
  static final String PROPERTY = "keyhound.full-gc-on-old-growth";
  private static final String YOUNG = "Copy";
  private static final String OLD_POOL = "Tenured Gen";

  private OldGenerationGrowth() {}

  /**
   * Listens to the serial collector's young collections when the launcher asked for it; returns
   * whether it does.
   */
  static boolean installIfAsked() {
    if (!Boolean.getBoolean(PROPERTY)) {
      return false;
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc.getName().equals(YOUNG) && gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (n, handback) -> afterYoungCollection(n), OldGenerationGrowth::isCollection, null);
        return true;
      }
    }
    return false;
  }

  private static boolean isCollection(Notification n) {
    return GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType());
  }

  /**
   * Runs on the JVM's notification thread, after the young collection's pause: the full collection
   * is a pause of its own right after it.
   */
  private static void afterYoungCollection(Notification n) {
    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
    if (grew(info.getMemoryUsageBeforeGc(), info.getMemoryUsageAfterGc())) {
      System.gc();
    }
  }

  /** Whether a collection left the old generation with more memory committed than before it. */
  static boolean grew(Map<String, MemoryUsage> before, Map<String, MemoryUsage> after) {
    MemoryUsage b = before.get(OLD_POOL);
    MemoryUsage a = after.get(OLD_POOL);
    return b != null && a != null && a.getCommitted() > b.getCommitted();
  }
}
