package dev.keyhound.remediation;

import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.git.IncrementalStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Incremental state in the ledger database ({@code incremental_tips}, {@code incremental_found}),
 * so whichever worker scans a repository next skips the commits any worker scanned before. Every
 * call holds the ledger's lock: the store shares the ledger's connection and its transactions.
 */
public final class LedgerIncrementalStore implements IncrementalStore {
  private final Ledger ledger;

  public LedgerIncrementalStore(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public List<String> scannedTips(String repository) throws SQLException {
    synchronized (ledger) {
      List<String> out = new ArrayList<>();
      try (PreparedStatement q =
          db().prepareStatement(
                  "SELECT DISTINCT commit_id FROM incremental_tips WHERE repository = ?"
                      + " ORDER BY commit_id")) {
        q.setString(1, repository);
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            out.add(r.getString(1));
          }
        }
      }
      return out;
    }
  }

  @Override
  public Map<String, List<Provenance>> carried(String repository) throws SQLException {
    synchronized (ledger) {
      try (PreparedStatement q =
          db().prepareStatement(
                  "SELECT blob_id, path, commit_id, author_name, author_email, commit_date, refs,"
                      + " committer_name, committer_email FROM incremental_found WHERE repository = ?"
                      + " ORDER BY blob_id, path, commit_id")) {
        q.setString(1, repository);
        try (ResultSet r = q.executeQuery()) {
          return IncrementalStore.carriedRows(repository, r);
        }
      }
    }
  }

  @Override
  public void record(String repository, Map<String, String> tips, ScanResult result)
      throws SQLException {
    synchronized (ledger) {
      Connection db = db();
      db.setAutoCommit(false);
      try (PreparedStatement tip =
              db.prepareStatement(
                  "INSERT INTO incremental_tips (repository, ref, commit_id, scanned_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (repository, ref) DO UPDATE SET"
                      + " commit_id = excluded.commit_id, scanned_at = excluded.scanned_at");
          PreparedStatement found =
              db.prepareStatement(
                  "INSERT INTO incremental_found (repository, blob_id, path, commit_id,"
                      + " author_name, author_email, commit_date, refs, committer_name,"
                      + " committer_email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (repository, blob_id, path, commit_id) DO NOTHING")) {
        IncrementalStore.addRows(tip, found, repository, tips, ledger.clock().instant(), result);
        tip.executeBatch();
        found.executeBatch();
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    }
  }

  private Connection db() {
    return ledger.connection();
  }

  /** The ledger owns the connection; closing the store leaves it open. */
  @Override
  public void close() {}
}
