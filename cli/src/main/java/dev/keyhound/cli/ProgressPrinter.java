package dev.keyhound.cli;

import dev.keyhound.scanner.git.GitProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display for long history scans, redrawn twice a second on stderr: commits
 * walked, blobs and bytes read, rate and time left. Started only when stderr is a terminal and the
 * user did not ask for quiet.
 */
final class ProgressPrinter implements AutoCloseable {
  private final GitProgress progress;
  private final PrintWriter err;
  private final long started = System.nanoTime();
  private final Thread thread;
  private volatile boolean running = true;

  private ProgressPrinter(GitProgress progress, PrintWriter err) {
    this.progress = progress;
    this.err = err;
    this.thread = new Thread(this::loop, "keyhound-progress");
    thread.setDaemon(true);
    thread.start();
  }

  /** A printer when stderr is a terminal and not quiet, else null (nothing is printed). */
  static ProgressPrinter startIfInteractive(GitProgress progress, PrintWriter err, boolean quiet) {
    String tty = System.getenv("KEYHOUND_STDERR_TTY");
    boolean terminal =
        (tty != null ? tty.equals("1") : System.console() != null)
            && !"dumb".equals(System.getenv("TERM"));
    return terminal && !quiet ? new ProgressPrinter(progress, err) : null;
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        synchronized (err) {
          err.print("\r\033[K" + line());
          err.flush();
        }
      }
    }
  }

  String line() {
    double secs = Math.max(0.001, (System.nanoTime() - started) / 1e9);
    long total = progress.blobsTotal();
    if (total < 0) {
      return String.format(
          Locale.ROOT, "keyhound: walking history: %,d commits", progress.commits());
    }
    long read = progress.blobsRead();
    double mb = progress.bytesRead() / 1e6;
    String eta =
        read == 0 ? "?" : String.format(Locale.ROOT, "%.0fs", (total - read) * secs / read);
    return String.format(
        Locale.ROOT,
        "keyhound: %,d commits, %,d/%,d blobs, %.1f MB, %.1f MB/s, %s left",
        progress.commits(),
        read,
        total,
        mb,
        mb / secs,
        eta);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (err) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
