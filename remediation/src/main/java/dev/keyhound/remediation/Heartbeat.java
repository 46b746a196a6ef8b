package dev.keyhound.remediation;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Renews one {@link Lease}d claim every {@link Lease#renewEvery()} until closed: open one around
 * each side effect, so that work slower than the lease keeps its claim and a crash lets it lapse.
 * One daemon thread per {@link Heartbeat.Beats} serves all the heartbeats a process runs.
 */
public final class Heartbeat implements AutoCloseable {
  /** Extends a claim to a new deadline; returns false when the claim is no longer ours. */
  @FunctionalInterface
  public interface Renewal {
    boolean renew(long untilMillis) throws Exception;
  }

  private final ScheduledFuture<?> task;
  private final AtomicBoolean lost = new AtomicBoolean();

  private Heartbeat(Beats beats, Lease lease, Renewal renewal) {
    long every = Math.max(1, lease.renewEvery().toMillis());
    this.task =
        beats.timer.scheduleAtFixedRate(
            () -> {
              try {
                if (!renewal.renew(lease.untilMillis())) {
                  lost.set(true);
                }
              } catch (Exception e) {
                // A failed renewal (ledger briefly unreachable) is retried at the next beat; the
                // lease length leaves room for two misses.
              }
            },
            every,
            every,
            TimeUnit.MILLISECONDS);
  }

  /** Whether a renewal found the claim taken by someone else (the work should stop early). */
  public boolean lost() {
    return lost.get();
  }

  /** Stops renewing; the caller then marks the work done or releases it. */
  @Override
  public void close() {
    task.cancel(false);
  }

  /** The timer thread heartbeats run on; one per process (or per test), closed at the end. */
  public static final class Beats implements AutoCloseable {
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keyhound-heartbeat");
              t.setDaemon(true);
              return t;
            });

    /** Starts renewing {@code lease} through {@code renewal} until the heartbeat is closed. */
    public Heartbeat start(Lease lease, Renewal renewal) {
      return new Heartbeat(this, lease, renewal);
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }
}
