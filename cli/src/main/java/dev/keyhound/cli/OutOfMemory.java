package dev.keyhound.cli;

import java.io.PrintWriter;

/**
 * How keyhound ends when the JVM runs out of memory: one line saying so and how to give it more,
 * and exit code {@link ExitCode#INTERNAL} (4), never 1, which would read as "findings". The message
 * is built before it is needed: there may be no memory left to build it with.
 */
final class OutOfMemory {
  private static final String MESSAGE =
      "keyhound: out of memory (the JVM's heap is "
          + (Runtime.getRuntime().maxMemory() >> 20)
          + " MiB); give it more with KEYHOUND_JAVA_OPTS, e.g. KEYHOUND_JAVA_OPTS=-Xmx"
          + Math.max(2, 2 * ((Runtime.getRuntime().maxMemory() >> 30) + 1))
          + "g ./keyhound ...";

  private OutOfMemory() {}

  static String message() {
    return MESSAGE;
  }

  /** Whether the throwable is, or was caused by, running out of memory. */
  static boolean is(Throwable t) {
    for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** Prints the message and returns the exit code. */
  static int report(PrintWriter err) {
    err.println(MESSAGE);
    err.flush();
    return ExitCode.INTERNAL.code();
  }

  /**
   * Ends the process when any thread runs out of memory (a scan thread, a prefetch thread): the
   * scan's result would be incomplete, and the thread that waits for it might wait for ever.
   */
  static void installHandler() {
    Thread.setDefaultUncaughtExceptionHandler(
        new Handler(Thread.getDefaultUncaughtExceptionHandler()));
  }

  /**
   * A named class, not a lambda: this runs first thing in {@code main}, and a hook's first lambda
   * (the method-handle set-up, milliseconds) is better made on the rules thread, in parallel.
   */
  private static final class Handler implements Thread.UncaughtExceptionHandler {
    private final Thread.UncaughtExceptionHandler previous;

    Handler(Thread.UncaughtExceptionHandler previous) {
      this.previous = previous;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
      if (is(e)) {
        System.err.println(MESSAGE);
        System.err.flush();
        Runtime.getRuntime().halt(ExitCode.INTERNAL.code());
      } else if (previous != null) {
        previous.uncaughtException(thread, e);
      } else {
        System.err.print("Exception in thread \"" + thread.getName() + "\" ");
        e.printStackTrace(System.err);
      }
    }
  }
}
