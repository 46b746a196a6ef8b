package dev.keyhound.remediation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts lifecycle events in the outbox, one per interested hook, and delivers those that are due.
 */
final class Notifier {
  static final String KIND = "notify";
  private final Ledger ledger;
  private final Outbox outbox;
  private final List<HookConfig> hooks;
  private final HookSender sender;
  private final CrashPoint crash;
  private final Consumer<String> log;

  Notifier(
      Ledger ledger,
      Outbox outbox,
      List<HookConfig> hooks,
      HookSender sender,
      CrashPoint crash,
      Consumer<String> log) {
    this.ledger = ledger;
    this.outbox = outbox;
    this.hooks = List.copyOf(hooks);
    this.sender = sender;
    this.crash = crash;
    this.log = log;
  }

  /**
   * Records the event for every hook that wants it, once per event and finding: a marker row says
   * the event was emitted, so a repeat adds nothing and a hook configured later does not receive
   * past events.
   */
  void enqueue(String type, String findingId) throws SQLException {
    String marker = "event:" + type + ":" + findingId;
    if (outbox.exists(marker)) {
      return;
    }
    LedgerEntry e = ledger.entry(findingId).orElseThrow();
    String body =
        LifecycleEvents.build(type, e, ledger.occurrences(findingId), ledger.clock().instant());
    for (HookConfig h : hooks) {
      if (h.wants(type)) {
        String key = "notify:" + type + ":" + findingId + ":" + h.id();
        outbox.enqueue(new Outbox.Action(key, findingId, KIND, type, h.id(), messageId(key), body));
      }
    }
    // Last, so a crash before it leaves the event to be queued again (the per-hook rows above are
    // idempotent).
    outbox.record(new Outbox.Action(marker, findingId, "event", type, null, null, body));
  }

  /** Attempts every due notification once. */
  void deliverDue(String findingId, Work work) throws SQLException, InterruptedException {
    for (String key : outbox.due(KIND, findingId)) {
      if (work.stopping()) {
        return;
      }
      Optional<Outbox.Claim> claim = outbox.claim(key, work.lease());
      if (claim.isEmpty()) {
        continue;
      }
      try (Heartbeat beat = outbox.heartbeat(claim.get(), work.lease(), work.beats())) {
        deliver(claim.get());
      }
    }
  }

  private void deliver(Outbox.Claim claim) throws SQLException, InterruptedException {
    Outbox.Action a = claim.action();
    HookConfig hook =
        hooks.stream().filter(h -> h.id().equals(a.hookId())).findFirst().orElse(null);
    Delivery d =
        hook == null
            ? new Delivery.Failed("hook " + a.hookId() + " is no longer configured")
            : sender.send(hook, a.messageId(), a.payload());
    if (d instanceof Delivery.Delivered ok) {
      crash.at(CrashPoint.AFTER_NOTIFY);
      outbox.succeed(claim, ok.detail());
      ledger.markNotified(a.findingId());
    } else if (d instanceof Delivery.Failed f) {
      boolean dead = outbox.fail(claim, f.reason(), null, false);
      log.accept(
          (dead ? "gave up on " : "will retry ")
              + a.eventType()
              + " to hook "
              + a.hookId()
              + " for "
              + a.findingId()
              + ": "
              + f.reason());
    }
  }

  /**
   * The Standard Webhooks message id: derived from the idempotency key, so the same on every retry.
   */
  static String messageId(String key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "msg_" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
