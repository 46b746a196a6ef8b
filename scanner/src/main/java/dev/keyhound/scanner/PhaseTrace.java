package dev.keyhound.scanner;

/**
 * Where a scan spends its time: with {@code KEYHOUND_TRACE_STARTUP} set, each {@link #mark} prints
 * to stderr the milliseconds since the JVM started, the thread's CPU milliseconds, and the phase
 * that just finished.
 */
public final class PhaseTrace {
  private static final boolean ON = System.getenv("KEYHOUND_TRACE_STARTUP") != null;

  private PhaseTrace() {}

  /** Whether tracing is on, so callers can skip building a phase's label. */
  public static boolean on() {
    return ON;
  }

  /** Notes that the phase just finished on this thread; costs one branch when tracing is off. */
  public static void mark(String phase) {
    if (!ON) {
      return;
    }
    // The clock first: the management classes below load on the first mark (~10 ms), which must
    // not count in that mark's time (it still shows in the next mark's, and in this one's CPU).
    long now = System.currentTimeMillis();
    long start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    long cpu =
        java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
            / 1_000_000;
    System.err.printf(
        "keyhound trace: %6d ms  cpu %5d ms  [%s]  %s%n",
        now - start, cpu, Thread.currentThread().getName(), phase);
  }
}
