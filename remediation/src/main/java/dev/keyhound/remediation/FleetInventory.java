package dev.keyhound.remediation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The repositories a fleet scans ({@code fleet_repos} in the ledger database): added due at once,
 * listed with their last scan, removed by URL.
 */
public final class FleetInventory {
  private final Ledger ledger;

  public FleetInventory(Ledger ledger) {
    this.ledger = ledger;
  }

  /** One repository of the inventory and how its last scan went (times null until then). */
  public record Repo(
      String url,
      String source,
      Instant addedAt,
      String leaseOwner,
      Instant lastFinishedAt,
      String lastOutcome,
      String lastError,
      int scans) {
    public Repo {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(source, "source");
      if (scans < 0) {
        throw new IllegalArgumentException("scans must not be negative: " + scans);
      }
    }
  }

  /**
   * Adds a repository, due at once; returns false when it is there already (its history is kept).
   *
   * @param source where it came from: {@code cli}, {@code file:NAME}, {@code github:ORG}...
   */
  public boolean add(String url, String source) throws SQLException {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("repository URL must not be blank");
    }
    long now = ledger.clock().millis();
    return ledger.update(
            "INSERT INTO fleet_repos (repo_url, source, added_at, scans)"
                + " VALUES (?, ?, ?, 0) ON CONFLICT (repo_url) DO NOTHING",
            url,
            source,
            now)
        == 1;
  }

  /** Removes a repository; returns false when it was not in the inventory. */
  public boolean remove(String url) throws SQLException {
    return ledger.update("DELETE FROM fleet_repos WHERE repo_url = ?", url) == 1;
  }

  /** Every repository, by URL. */
  public List<Repo> list() throws SQLException {
    synchronized (ledger) {
      List<Repo> out = new ArrayList<>();
      try (PreparedStatement q =
              ledger
                  .connection()
                  .prepareStatement(
                      "SELECT repo_url, source, added_at, lease_owner,"
                          + " last_finished_at, last_outcome, last_error, scans FROM fleet_repos"
                          + " ORDER BY repo_url");
          ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(
              new Repo(
                  r.getString(1),
                  r.getString(2),
                  instant(r, 3),
                  r.getString(4),
                  instant(r, 5),
                  r.getString(6),
                  r.getString(7),
                  r.getInt(8)));
        }
      }
      return out;
    }
  }

  static Instant instant(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  /** One finished scan of a repository, as {@code fleet_scans} keeps it. */
  public record Scan(
      String url,
      String worker,
      Instant startedAt,
      Instant finishedAt,
      String outcome,
      long commits,
      long bytes,
      int findings) {}

  /** Every recorded scan, oldest first (for reports and measurements). */
  public List<Scan> scans() throws SQLException {
    synchronized (ledger) {
      List<Scan> out = new ArrayList<>();
      try (PreparedStatement q =
              ledger
                  .connection()
                  .prepareStatement(
                      "SELECT repo_url, worker, started_at, finished_at, outcome, commits, bytes,"
                          + " findings FROM fleet_scans ORDER BY finished_at, repo_url");
          ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(
              new Scan(
                  r.getString(1),
                  r.getString(2),
                  Instant.ofEpochMilli(r.getLong(3)),
                  Instant.ofEpochMilli(r.getLong(4)),
                  r.getString(5),
                  r.getLong(6),
                  r.getLong(7),
                  r.getInt(8)));
        }
      }
      return out;
    }
  }
}
