package dev.keyhound.cli;

import dev.keyhound.scanner.ScanProgress;
import dev.keyhound.scanner.git.GitProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display, redrawn twice a second on stderr: for history scans commits walked,
 * blobs and bytes read, rate and time left; for folders files, megabytes and rate. Started only
 * when stderr is a terminal and the user did not ask for quiet.
 */
final class ProgressPrinter implements AutoCloseable {
  private final GitProgress history;
  private final ScanProgress files;
  private final PrintWriter err;
  private final Line line = new Line(System.nanoTime());
  private final Thread thread;
  private volatile boolean running = true;

  private ProgressPrinter(GitProgress history, ScanProgress files, PrintWriter err) {
    this.history = history;
    this.files = files;
    this.err = err;
    this.thread = new Thread(this::loop, "keyhound-progress");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * A printer when stderr is a terminal and not quiet, else null (nothing is printed); {@code
   * history} is null when no target is a repository.
   */
  static ProgressPrinter startIfInteractive(
      GitProgress history, ScanProgress files, PrintWriter err, boolean quiet) {
    String tty = System.getenv("KEYHOUND_STDERR_TTY");
    boolean terminal =
        (tty != null ? tty.equals("1") : System.console() != null)
            && !"dumb".equals(System.getenv("TERM"));
    return terminal && !quiet ? new ProgressPrinter(history, files, err) : null;
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        String text =
            history == null
                ? line.files(files.files(), files.bytes(), System.nanoTime())
                : line.history(
                    history.commits(),
                    history.blobsTotal(),
                    history.blobsRead(),
                    history.bytesRead(),
                    System.nanoTime());
        synchronized (err) {
          err.print("\r\033[K" + text);
          err.flush();
        }
      }
    }
  }

  /**
   * The text of the line from the counters and the time. The time left is estimated from the rate
   * of blob reading only, measured from when reading began (the history walk before it reads no
   * blobs, and counting it made a 5 s scan say 177 s left), and only after a second of reading.
   */
  static final class Line {
    private static final long SETTLE_NANOS = 1_000_000_000L;
    private final long started;
    private long readingSince = -1;
    private long readAtStart;

    Line(long startedNanos) {
      this.started = startedNanos;
    }

    String files(long files, long bytes, long now) {
      double secs = Math.max(0.001, (now - started) / 1e9);
      double mb = bytes / 1e6;
      return String.format(
          Locale.ROOT, "keyhound: %,d files, %.1f MB, %.1f MB/s", files, mb, mb / secs);
    }

    String history(long commits, long total, long read, long bytes, long now) {
      double secs = Math.max(0.001, (now - started) / 1e9);
      if (total < 0) {
        return String.format(Locale.ROOT, "keyhound: walking history: %,d commits", commits);
      }
      if (readingSince < 0) {
        readingSince = now;
        readAtStart = read;
      }
      double mb = bytes / 1e6;
      long readSince = read - readAtStart;
      long reading = now - readingSince;
      String eta =
          reading < SETTLE_NANOS || readSince <= 0
              ? "?"
              : String.format(
                  Locale.ROOT, "%.0fs", Math.max(0, total - read) * (reading / 1e9) / readSince);
      return String.format(
          Locale.ROOT,
          "keyhound: %,d commits, %,d/%,d blobs, %.1f MB, %.1f MB/s, %s left",
          commits,
          read,
          total,
          mb,
          mb / secs,
          eta);
    }
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
