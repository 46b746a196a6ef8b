package dev.keyhound.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the text report may use colour: only when standard output is a terminal and {@code
 * NO_COLOR} is unset (or empty, as no-color.org says) and {@code TERM} is not {@code dumb}.
 */
final class Terminal {
  private Terminal() {}

  static boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    return (noColor == null || noColor.isEmpty())
        && !"dumb".equals(System.getenv("TERM"))
        && stdoutIsTerminal();
  }

  /**
   * JDK 17 has no isatty for one stream: {@code System.console()} is non-null only when stdin and
   * stdout are both terminals, so {@code keyhound scan < list} would lose colour. On Linux {@code
   * /proc/self/fd/1} names stdout's device (a tty, or {@code pipe:[…]} / a file when piped or
   * redirected), so we read that; elsewhere we fall back to the console check, which errs towards
   * no colour.
   */
  static boolean stdoutIsTerminal() {
    Path fd1 = Path.of("/proc/self/fd/1");
    try {
      if (Files.isSymbolicLink(fd1)) {
        return isTerminalDevice(Files.readSymbolicLink(fd1).toString());
      }
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      // Fall through to the portable check.
    }
    return System.console() != null;
  }

  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/")
        || target.startsWith("/dev/tty")
        || target.equals("/dev/console");
  }
}
