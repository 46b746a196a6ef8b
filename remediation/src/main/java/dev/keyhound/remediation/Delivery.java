package dev.keyhound.remediation;

import java.util.Objects;

/** What one attempt to hand an event to a hook did. */
public sealed interface Delivery {
  /** The hook accepted the event (2xx, or the command exited 0). */
  record Delivered(String detail) implements Delivery {}

  /** Timeout, refused connection, non-2xx or a failing command: retried on the schedule. */
  record Failed(String reason) implements Delivery {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
