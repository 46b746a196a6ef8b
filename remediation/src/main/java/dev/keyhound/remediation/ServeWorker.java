package dev.keyhound.remediation;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@code keyhound serve}'s worker: runs {@link Remediator#pass()} continuously, at once when woken
 * (a new alert or event) and otherwise every poll interval, so due work never waits for a cron
 * line. Errors (an unreachable ledger) are logged and retried at the next pass.
 */
final class ServeWorker implements Runnable {
  private final Remediator remediator;
  private final Ledger ledger;
  private final ServeMetrics metrics;
  private final Duration poll;
  private final Consumer<String> log;
  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean stopped;
  private volatile String lastError;

  ServeWorker(
      Remediator remediator,
      Ledger ledger,
      ServeMetrics metrics,
      Duration poll,
      Consumer<String> log) {
    this.remediator = remediator;
    this.ledger = ledger;
    this.metrics = metrics;
    this.poll = poll;
    this.log = log;
  }

  /** Runs a pass as soon as the current one ends. */
  void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  /** Stops taking work: the pass in flight finishes what it holds and claims nothing new. */
  void stop() {
    stopped = true;
    remediator.stop();
    wake();
  }

  @Override
  public void run() {
    while (!stopped) {
      try {
        remediator.pass();
        metrics.observeConfirmed();
        if (lastError != null) {
          log.accept("worker: ledger reachable again");
          lastError = null;
        }
      } catch (SQLException e) {
        String msg = "worker: ledger error, retrying: " + e.getMessage();
        if (!msg.equals(lastError)) {
          log.accept(msg);
          lastError = msg;
        }
        try {
          ledger.reconnect();
        } catch (SQLException ignored) {
          // still down; the next pass tries again
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.accept("worker: pass failed, retrying: " + e);
      }
      synchronized (signal) {
        if (!woken && !stopped) {
          try {
            signal.wait(poll.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        woken = false;
      }
    }
  }
}
