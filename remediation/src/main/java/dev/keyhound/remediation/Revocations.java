package dev.keyhound.remediation;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Executes revocations from the outbox and confirms revoked keys dead. Order within one revocation:
 * claim (the attempt is recorded), DELETE, move the secret to revoked, mark the action done; a
 * crash anywhere in between is resolved by the next run, which asks the issuer first whether the
 * key is already dead. Events follow from the states reached here (see {@code
 * Remediator#queueEvents}), so they queue in lifecycle order.
 */
final class Revocations {
  static final String KIND = "revoke";

  /**
   * In-run confirmations of a key the issuer still answers for, before leaving it to the next run.
   */
  static final int CONFIRM_ATTEMPTS = 5;

  private final Ledger ledger;
  private final Outbox outbox;
  private final IssuerVerifier issuer;
  private final CrashPoint crash;
  private final Sleeper sleeper;
  private final Consumer<String> log;

  Revocations(
      Ledger ledger,
      Outbox outbox,
      IssuerVerifier issuer,
      CrashPoint crash,
      Sleeper sleeper,
      Consumer<String> log) {
    this.ledger = ledger;
    this.outbox = outbox;
    this.issuer = issuer;
    this.crash = crash;
    this.sleeper = sleeper;
    this.log = log;
  }

  static String key(String keyId) {
    return "revoke:" + keyId;
  }

  /**
   * Queues the revocation of a secret in revoke_pending (again harmlessly if it is queued already).
   */
  void enqueue(LedgerEntry e) throws SQLException {
    outbox.enqueue(new Outbox.Action(key(e.keyId()), e.findingId(), KIND, null, null, null, null));
  }

  /** Attempts every due revocation once (with in-run retries for transient errors). */
  void revokeDue(String findingId, Work work) throws SQLException, InterruptedException {
    for (LedgerEntry e :
        findingId == null
            ? ledger.inState(State.REVOKE_PENDING)
            : ledger.entry(findingId).filter(x -> x.state().equals(State.REVOKE_PENDING)).stream()
                .toList()) {
      enqueue(e);
    }
    for (String k : outbox.due(KIND, findingId)) {
      if (work.stopping()) {
        return;
      }
      Optional<Outbox.Claim> claim = outbox.claim(k, work.lease());
      if (claim.isPresent()) {
        try (Heartbeat beat = outbox.heartbeat(claim.get(), work.lease(), work.beats())) {
          revoke(claim.get());
        }
      }
    }
  }

  private void revoke(Outbox.Claim c) throws SQLException, InterruptedException {
    String id = c.action().findingId();
    LedgerEntry e = ledger.entry(id).orElseThrow();
    if (!e.state().equals(State.REVOKE_PENDING)) {
      // A crash after the state moved but before the action was marked: the revocation happened.
      outbox.succeed(c, "already " + e.state());
      return;
    }
    RevokeOutcome r = null;
    if (c.attempt() > 1) {
      // A retry, perhaps after a crash mid-call: if the key is already dead, do not call DELETE
      // again.
      Optional<String> secret = ledger.secret(id);
      if (secret.isPresent()) {
        Verification v = issuer.validateFresh(secret.get());
        ledger.recordVerification(id, "confirm", v);
        if (v instanceof Verification.Inactive) {
          r = new RevokeOutcome.AlreadyGone();
        }
      }
    }
    if (r == null) {
      r = issuer.revoke(e.keyId());
    }
    crash.at(CrashPoint.AFTER_REVOKE);
    if (r instanceof RevokeOutcome.Revoked) {
      done(c, e, "revoked");
      // Confirm at once rather than after every other due revocation: the residual validation
      // window measured is the key's, not the length of the queue.
      confirmRevoked(id);
    } else if (r instanceof RevokeOutcome.AlreadyGone) {
      done(c, e, "already_gone");
      confirmRevoked(id);
    } else if (r instanceof RevokeOutcome.Retryable t) {
      Instant notBefore =
          t.retryAfter() == null ? null : ledger.clock().instant().plus(t.retryAfter());
      if (outbox.fail(c, t.reason(), notBefore, false)) {
        failed(e, t.reason());
      } else {
        log.accept("revocation of " + e.keyId() + " will be retried: " + t.reason());
      }
    } else if (r instanceof RevokeOutcome.Refused no) {
      outbox.fail(c, no.reason(), null, true);
      failed(e, no.reason());
    }
  }

  private void done(Outbox.Claim c, LedgerEntry e, String outcome) throws SQLException {
    ledger.transition(
        e.findingId(),
        State.REVOKE_PENDING,
        State.REVOKED,
        Map.of("revoked_at", ledger.clock().instant()));
    outbox.succeed(c, outcome);
    log.accept("revoked " + e.keyId() + " (" + e.redacted() + ")");
  }

  private void failed(LedgerEntry e, String reason) throws SQLException {
    if (ledger.transition(e.findingId(), State.REVOKE_PENDING, State.FAILED, Map.of())) {
      log.accept("revocation of " + e.keyId() + " failed: " + reason);
    }
  }

  /**
   * Validates revoked keys again; one that now answers null is confirmed dead, its raw value
   * erased.
   */
  void confirmRevoked(String findingId) throws SQLException, InterruptedException {
    for (LedgerEntry e :
        findingId == null
            ? ledger.inState(State.REVOKED)
            : ledger.entry(findingId).filter(x -> x.state().equals(State.REVOKED)).stream()
                .toList()) {
      Optional<String> secret = ledger.secret(e.findingId());
      if (secret.isEmpty()) {
        continue;
      }
      for (int i = 0; i < CONFIRM_ATTEMPTS; i++) {
        Verification v = issuer.validateFresh(secret.get());
        ledger.recordVerification(e.findingId(), "confirm", v);
        if (v instanceof Verification.Inactive) {
          Instant now = ledger.clock().instant();
          long residual = Math.max(0, Duration.between(e.revokedAt(), now).toMillis());
          if (ledger.transition(
              e.findingId(),
              State.REVOKED,
              State.CONFIRMED_DEAD,
              Map.of("confirmed_dead_at", now, "residual_validation_ms", residual))) {
            ledger.eraseSecret(e.findingId());
            log.accept(
                "confirmed dead "
                    + e.keyId()
                    + " (residual validation window "
                    + residual
                    + " ms)");
          }
          break;
        }
        if (v instanceof Verification.Unknown) {
          break;
        }
        sleeper.sleep(Duration.ofMillis(100L << i));
      }
    }
  }
}
