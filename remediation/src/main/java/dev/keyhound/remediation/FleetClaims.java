package dev.keyhound.remediation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Work claims on the fleet's repositories: a worker takes the next due repository with a
 * conditional UPDATE (only one of several racing workers changes the row, on SQLite and PostgreSQL
 * alike, so no {@code FOR UPDATE SKIP LOCKED} is needed), keeps it by renewing a lease (heartbeat),
 * and releases it with the scan's outcome. A killed worker's lease lapses and the repository is due
 * again for the others.
 */
public final class FleetClaims {
  private static final int CANDIDATES = 8;
  private final Ledger ledger;
  private final Clock clock;
  private final Duration lease;

  public FleetClaims(Ledger ledger, Clock clock, Duration lease) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive: " + lease);
    }
    this.ledger = ledger;
    this.clock = clock;
    this.lease = lease;
  }

  /** A repository held by {@code worker} since {@code startedAt}. */
  public record Claim(String url, String worker, Instant startedAt) {
    public Claim {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(worker, "worker");
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /** What one scan of a claimed repository did. */
  public record Outcome(String result, long commits, long bytes, int findings, String error) {
    public Outcome {
      Objects.requireNonNull(result, "result");
      if (commits < 0 || bytes < 0 || findings < 0) {
        throw new IllegalArgumentException(
            "counts must not be negative: " + commits + "/" + bytes + "/" + findings);
      }
    }
  }

  /**
   * Claims the next due repository (never scanned first, then the longest ago, then by URL), or
   * empty when none is. Due: not leased (or its lease lapsed), and last scanned more than {@code
   * rescanAfter} ago and before {@code runStart}, so a run never takes a repository twice.
   */
  public Optional<Claim> claimNext(String worker, Instant runStart, Duration rescanAfter)
      throws SQLException {
    if (rescanAfter.isNegative()) {
      throw new IllegalArgumentException("rescanAfter must not be negative: " + rescanAfter);
    }
    for (int round = 0; round < 4; round++) {
      long now = clock.millis();
      long cutoff = Math.min(runStart.toEpochMilli(), now - rescanAfter.toMillis());
      List<String> due = due(now, cutoff);
      if (due.isEmpty()) {
        return Optional.empty();
      }
      for (String url : due) {
        int n =
            ledger.update(
                "UPDATE fleet_repos SET lease_owner = ?, lease_until = ?, last_started_at = ?"
                    + " WHERE repo_url = ? AND (lease_until IS NULL OR lease_until < ?)"
                    + " AND (last_finished_at IS NULL OR last_finished_at < ?)",
                worker,
                now + lease.toMillis(),
                now,
                url,
                now,
                cutoff);
        if (n == 1) {
          return Optional.of(new Claim(url, worker, Instant.ofEpochMilli(now)));
        }
      }
      // Every candidate was taken by a faster worker: look again.
    }
    return Optional.empty();
  }

  private List<String> due(long now, long cutoff) throws SQLException {
    synchronized (ledger) {
      List<String> out = new ArrayList<>();
      try (PreparedStatement q =
          ledger
              .connection()
              .prepareStatement(
                  "SELECT repo_url FROM fleet_repos WHERE (lease_until IS NULL OR lease_until < ?)"
                      + " AND (last_finished_at IS NULL OR last_finished_at < ?)"
                      + " ORDER BY COALESCE(last_finished_at, 0), repo_url LIMIT "
                      + CANDIDATES)) {
        q.setLong(1, now);
        q.setLong(2, cutoff);
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            out.add(r.getString(1));
          }
        }
      }
      return out;
    }
  }

  /**
   * When the earliest live lease on a repository this run could still take ends (it is being
   * scanned by another worker, which may die), or empty when no such lease exists. A worker with
   * nothing to claim waits for it instead of exiting, so a killed worker's repository is taken over
   * within one lease.
   */
  public Optional<Instant> pendingLeaseEnd(Instant runStart, Duration rescanAfter)
      throws SQLException {
    long now = clock.millis();
    long cutoff = Math.min(runStart.toEpochMilli(), now - rescanAfter.toMillis());
    synchronized (ledger) {
      try (PreparedStatement q =
          ledger
              .connection()
              .prepareStatement(
                  "SELECT MIN(lease_until) FROM fleet_repos WHERE lease_until >= ?"
                      + " AND (last_finished_at IS NULL OR last_finished_at < ?)")) {
        q.setLong(1, now);
        q.setLong(2, cutoff);
        try (ResultSet r = q.executeQuery()) {
          long end = r.next() ? r.getLong(1) : 0;
          return r.wasNull() || end == 0
              ? Optional.empty()
              : Optional.of(Instant.ofEpochMilli(end));
        }
      }
    }
  }

  /** Renews the lease; false when it was lost (lapsed and taken by another worker). */
  public boolean heartbeat(Claim c) throws SQLException {
    return ledger.update(
            "UPDATE fleet_repos SET lease_until = ? WHERE repo_url = ? AND lease_owner = ?",
            clock.millis() + lease.toMillis(),
            c.url(),
            c.worker())
        == 1;
  }

  /**
   * Records the scan and releases the claim. Returns false when the lease had been lost (the scan
   * is recorded all the same).
   */
  public boolean finish(Claim c, Outcome o) throws SQLException {
    long now = clock.millis();
    ledger.update(
        "INSERT INTO fleet_scans (scan_id, repo_url, worker, started_at, finished_at, outcome,"
            + " commits, bytes, findings, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(),
        c.url(),
        c.worker(),
        c.startedAt().toEpochMilli(),
        now,
        o.result(),
        o.commits(),
        o.bytes(),
        o.findings(),
        o.error());
    return ledger.update(
            "UPDATE fleet_repos SET lease_owner = NULL, lease_until = NULL, last_finished_at = ?,"
                + " last_outcome = ?, last_error = ?, scans = scans + 1"
                + " WHERE repo_url = ? AND lease_owner = ?",
            now,
            o.result(),
            o.error(),
            c.url(),
            c.worker())
        == 1;
  }
}
