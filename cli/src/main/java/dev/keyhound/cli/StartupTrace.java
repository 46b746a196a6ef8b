package dev.keyhound.cli;

/**
 * Where a short-lived run (the pre-commit hook) spends its time: with {@code
 * KEYHOUND_TRACE_STARTUP} set, each {@link #mark} prints the milliseconds since the JVM started and
 * since the previous mark to stderr.
 */
final class StartupTrace {
  private static final boolean ON = System.getenv("KEYHOUND_TRACE_STARTUP") != null;
  private static long start;
  private static long last = -1;

  private StartupTrace() {}

  /** Notes that the phase just finished; costs one branch when tracing is off. */
  static synchronized void mark(String phase) {
    if (!ON) {
      return;
    }
    long now = System.currentTimeMillis();
    if (last < 0) {
      // The JVM's start time costs the management classes; read it only when tracing, outside the
      // phases.
      start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
      print(phase, now - start, now - start);
      last = System.currentTimeMillis();
      return;
    }
    print(phase, now - start, now - last);
    last = now;
  }

  private static void print(String phase, long total, long delta) {
    System.err.printf("keyhound trace: %6d ms  (+%4d)  %s%n", total, delta, phase);
  }
}
