package dev.keyhound.remediation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Side effects (revocations, notifications) as ledger rows keyed by an idempotency key: written
 * before they are attempted, claimed under a lease, marked after. A crash leaves the row claimed;
 * once the lease lapses the next run retries it, and a done row is never attempted again.
 */
public final class Outbox {
  /**
   * Waits after each failed attempt: the schedule spans hours, driven by {@code keyhound remediate}
   * runs.
   */
  public static final List<Duration> SCHEDULE =
      List.of(
          Duration.ofSeconds(30),
          Duration.ofMinutes(2),
          Duration.ofMinutes(10),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(4));

  /** Attempts before an action is dead-lettered. */
  public static final int MAX_ATTEMPTS = SCHEDULE.size() + 1;

  private final Ledger ledger;

  public Outbox(Ledger ledger) {
    this.ledger = ledger;
  }

  /** A side effect to record. {@code messageId} is the stable id receivers deduplicate on. */
  public record Action(
      String key,
      String findingId,
      String kind,
      String eventType,
      String hookId,
      String messageId,
      String payload) {}

  /**
   * This process's hold on one attempt of an action. {@code previousUnfinished}: a crash
   * interrupted the last one.
   */
  public record Claim(Action action, int attempt, boolean previousUnfinished) {}

  /** One action's row, for status and tests. */
  public record Row(
      String key,
      String findingId,
      String kind,
      String eventType,
      String state,
      int attempts,
      String lastError) {}

  /** Records an action unless one with its key exists; returns whether it was new. */
  public boolean enqueue(Action a) throws SQLException {
    return insert(a, false) == 1;
  }

  /** Records a fact (not an effect to attempt) once, as done: the audit trail of emitted events. */
  public void record(Action a) throws SQLException {
    insert(a, true);
  }

  /** One insert for both: a pending action, or one already done (with its done time). */
  private int insert(Action a, boolean done) throws SQLException {
    long now = ledger.clock().millis();
    return ledger.update(
        "INSERT INTO actions (idempotency_key, finding_id, kind, event_type, hook_id, message_id,"
            + " payload, state, attempts, next_attempt_at, created_at, updated_at, done_at)"
            + " VALUES (?,?,?,?,?,?,?,?,0,?,?,?,?) ON CONFLICT DO NOTHING",
        a.key(),
        a.findingId(),
        a.kind(),
        a.eventType(),
        a.hookId(),
        a.messageId(),
        a.payload(),
        done ? "done" : "pending",
        now,
        now,
        now,
        done ? now : null);
  }

  /** Whether an action or record with this key exists. */
  public boolean exists(String key) throws SQLException {
    synchronized (ledger) {
      try (PreparedStatement p =
          ledger.connection().prepareStatement("SELECT 1 FROM actions WHERE idempotency_key = ?")) {
        p.setString(1, key);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      }
    }
  }

  /**
   * Keys of actions of a kind that are due now: pending and due, or claimed by a lease that has
   * lapsed.
   */
  public List<String> due(String kind, String findingId) throws SQLException {
    synchronized (ledger) {
      long now = ledger.clock().millis();
      List<String> out = new ArrayList<>();
      try (PreparedStatement p =
          ledger
              .connection()
              .prepareStatement(
                  "SELECT idempotency_key FROM actions WHERE"
                      + " kind = ? AND (? IS NULL OR finding_id = ?) AND ((state = 'pending' AND next_attempt_at <= ?)"
                      + " OR (state = 'attempting' AND lease_until < ?)) ORDER BY created_at, idempotency_key")) {
        p.setString(1, kind);
        p.setString(2, findingId);
        p.setString(3, findingId);
        p.setLong(4, now);
        p.setLong(5, now);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    }
  }

  /**
   * Claims the next attempt of an action under {@code lease}, recording the attempt before it is
   * made; empty if not ours to do. Hold the claim with {@link #heartbeat} while the effect runs.
   */
  public Optional<Claim> claim(String key, Lease lease) throws SQLException {
    return claim(key, lease.owner(), lease.length());
  }

  /**
   * Starts renewing a claim every {@link Lease#renewEvery()}; close it before marking the action.
   */
  public Heartbeat heartbeat(Claim c, Lease lease, Heartbeat.Beats beats) {
    return beats.start(lease, until -> renew(c, lease.owner(), until));
  }

  /** Extends our claim to {@code untilMillis}; false when it lapsed and someone else took it. */
  public boolean renew(Claim c, String owner, long untilMillis) throws SQLException {
    return ledger.update(
            "UPDATE actions SET lease_until = ? WHERE idempotency_key = ? AND state = 'attempting'"
                + " AND lease_owner = ? AND attempts = ?",
            untilMillis,
            c.action().key(),
            owner,
            c.attempt())
        == 1;
  }

  /**
   * Gives a claim back unattempted (a stopping worker): due again at once, the attempt not counted.
   */
  public void release(Claim c, String owner) throws SQLException {
    // The attempt never happened: forget its row so the next claim reuses the number.
    ledger.update(
        "DELETE FROM action_attempts WHERE idempotency_key = ? AND attempt = ?",
        c.action().key(),
        c.attempt());
    ledger.update(
        "UPDATE actions SET state = 'pending', attempts = attempts - 1, lease_owner = NULL,"
            + " lease_until = NULL WHERE idempotency_key = ? AND state = 'attempting' AND lease_owner = ?",
        c.action().key(),
        owner);
  }

  /**
   * Cancels a pending action that must never be attempted (a key revoked elsewhere); returns
   * whether it was pending.
   */
  public boolean cancel(String key, String reason) throws SQLException {
    long now = ledger.clock().millis();
    return ledger.update(
            "UPDATE actions SET state = 'cancelled', last_error = ?, updated_at = ?, done_at = ?"
                + " WHERE idempotency_key = ? AND state = 'pending'",
            reason,
            now,
            now,
            key)
        == 1;
  }

  /** Claims with an explicit owner and length (the {@link Lease} overload is the usual door). */
  Optional<Claim> claim(String key, String owner, Duration lease) throws SQLException {
    synchronized (ledger) {
      long now = ledger.clock().millis();
      int n =
          ledger.update(
              "UPDATE actions SET state = 'attempting', attempts = attempts + 1, lease_owner = ?,"
                  + " lease_until = ?, updated_at = ? WHERE idempotency_key = ? AND ((state = 'pending' AND next_attempt_at <= ?)"
                  + " OR (state = 'attempting' AND lease_until < ?))",
              owner,
              now + lease.toMillis(),
              now,
              key,
              now,
              now);
      if (n != 1) {
        return Optional.empty();
      }
      Action a;
      int attempt;
      try (PreparedStatement p =
          ledger.connection().prepareStatement("SELECT * FROM actions WHERE idempotency_key = ?")) {
        p.setString(1, key);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          a =
              new Action(
                  key,
                  rs.getString("finding_id"),
                  rs.getString("kind"),
                  rs.getString("event_type"),
                  rs.getString("hook_id"),
                  rs.getString("message_id"),
                  rs.getString("payload"));
          attempt = rs.getInt("attempts");
        }
      }
      int unfinished =
          ledger.update(
              "UPDATE action_attempts SET outcome = 'interrupted', finished_at = ?"
                  + " WHERE idempotency_key = ? AND finished_at IS NULL",
              now,
              key);
      ledger.update(
          "INSERT INTO action_attempts (idempotency_key, attempt, started_at) VALUES (?,?,?)",
          key,
          attempt,
          now);
      return Optional.of(new Claim(a, attempt, unfinished > 0));
    }
  }

  /** Marks the action done after its effect happened. */
  public void succeed(Claim c, String outcome) throws SQLException {
    finish(c, outcome, null);
    long now = ledger.clock().millis();
    ledger.update(
        "UPDATE actions SET state = 'done', done_at = ?, updated_at = ?, lease_owner = NULL,"
            + " lease_until = NULL WHERE idempotency_key = ?",
        now,
        now,
        c.action().key());
  }

  /**
   * Schedules the next attempt, or dead-letters the action after the last; returns whether it is
   * now dead.
   */
  public boolean fail(Claim c, String error, Instant notBefore, boolean permanent)
      throws SQLException {
    finish(c, permanent ? "refused" : "failed", error);
    long now = ledger.clock().millis();
    boolean dead = permanent || c.attempt() >= MAX_ATTEMPTS;
    long next = now + SCHEDULE.get(Math.min(c.attempt(), SCHEDULE.size()) - 1).toMillis();
    if (notBefore != null) {
      next = Math.max(next, notBefore.toEpochMilli());
    }
    ledger.update(
        "UPDATE actions SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = ?,"
            + " lease_owner = NULL, lease_until = NULL WHERE idempotency_key = ?",
        dead ? "dead" : "pending",
        next,
        error,
        now,
        c.action().key());
    return dead;
  }

  /** Every action, or a finding's. */
  public List<Row> rows(String findingId) throws SQLException {
    synchronized (ledger) {
      List<Row> out = new ArrayList<>();
      try (PreparedStatement p =
          ledger
              .connection()
              .prepareStatement(
                  "SELECT * FROM actions WHERE ? IS NULL"
                      + " OR finding_id = ? ORDER BY created_at, idempotency_key")) {
        p.setString(1, findingId);
        p.setString(2, findingId);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(
                new Row(
                    rs.getString("idempotency_key"),
                    rs.getString("finding_id"),
                    rs.getString("kind"),
                    rs.getString("event_type"),
                    rs.getString("state"),
                    rs.getInt("attempts"),
                    rs.getString("last_error")));
          }
        }
      }
      return out;
    }
  }

  private void finish(Claim c, String outcome, String detail) throws SQLException {
    ledger.update(
        "UPDATE action_attempts SET finished_at = ?, outcome = ?, detail = ? WHERE idempotency_key = ?"
            + " AND attempt = ?",
        ledger.clock().millis(),
        outcome,
        detail,
        c.action().key(),
        c.attempt());
  }
}
