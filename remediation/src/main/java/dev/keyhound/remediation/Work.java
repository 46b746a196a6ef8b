package dev.keyhound.remediation;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * How one process takes outbox work: under which lease, on which heartbeat timer, and whether it
 * has been asked to stop (a stopping worker claims nothing new and finishes what it holds).
 */
record Work(Lease lease, Heartbeat.Beats beats, BooleanSupplier stop) {
  Work {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(beats, "beats");
    Objects.requireNonNull(stop, "stop");
  }

  boolean stopping() {
    return stop.getAsBoolean();
  }
}
