package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What incremental scans remember, per repository, in an SQLite file in the state folder: the ref
 * tips already scanned (everything they reach is skipped next time) and where earlier runs found
 * secrets, as blob ids and provenances only, so those blobs are re-read and their findings stay in
 * the report. No secret is stored.
 */
public final class IncrementalState implements IncrementalStore {
  /** The database's file name in the state folder. */
  public static final String FILE = "incremental.db";

  private final Connection db;

  private IncrementalState(Connection db) {
    this.db = db;
  }

  /** Opens (creating if needed) the database at {@code file}. */
  public static IncrementalState open(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      s.execute(
          "CREATE TABLE IF NOT EXISTS scanned_tip (repository TEXT NOT NULL, ref TEXT NOT NULL,"
              + " commit_id TEXT NOT NULL, scanned_at TEXT NOT NULL, PRIMARY KEY (repository, ref))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS found (repository TEXT NOT NULL, blob_id TEXT NOT NULL,"
              + " path TEXT NOT NULL, commit_id TEXT NOT NULL, author_name TEXT, author_email TEXT, date TEXT,"
              + " refs TEXT NOT NULL, committer_name TEXT, committer_email TEXT,"
              + " PRIMARY KEY (repository, blob_id, path, commit_id))");
      addCommitterColumns(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return new IncrementalState(c);
  }

  /**
   * Files written before the committer was kept lack its columns; they gain them, and their rows
   * stay.
   */
  private static void addCommitterColumns(Connection c) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA table_info(found)")) {
      while (r.next()) {
        columns.add(r.getString("name"));
      }
    }
    for (String column : List.of("committer_name", "committer_email")) {
      if (!columns.contains(column)) {
        try (Statement s = c.createStatement()) {
          s.execute("ALTER TABLE found ADD COLUMN " + column + " TEXT");
        } catch (SQLException e) {
          // Another process opening the same file may have added it first.
          if (!e.getMessage().contains("duplicate column")) {
            throw e;
          }
        }
      }
    }
  }

  @Override
  public List<String> scannedTips(String repository) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT DISTINCT commit_id FROM scanned_tip WHERE repository = ? ORDER BY commit_id")) {
      q.setString(1, repository);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  @Override
  public Map<String, List<Provenance>> carried(String repository) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT blob_id, path, commit_id, author_name, author_email,"
                + " date, refs, committer_name, committer_email FROM found WHERE repository = ?"
                + " ORDER BY blob_id, path, commit_id")) {
      q.setString(1, repository);
      try (ResultSet r = q.executeQuery()) {
        return IncrementalStore.carriedRows(repository, r);
      }
    }
  }

  @Override
  public void record(String repository, Map<String, String> tips, ScanResult result)
      throws SQLException {
    db.setAutoCommit(false);
    try (PreparedStatement tip =
            db.prepareStatement(
                "INSERT INTO scanned_tip VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (repository, ref) DO UPDATE SET commit_id = excluded.commit_id,"
                    + " scanned_at = excluded.scanned_at");
        // A row recorded before the committer was kept gains it when the same place is reported
        // again.
        PreparedStatement found =
            db.prepareStatement(
                "INSERT INTO found (repository, blob_id, path, commit_id,"
                    + " author_name, author_email, date, refs, committer_name, committer_email)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (repository, blob_id, path, commit_id)"
                    + " DO UPDATE SET committer_name = excluded.committer_name, committer_email = excluded.committer_email"
                    + " WHERE found.committer_email IS NULL AND excluded.committer_email IS NOT NULL")) {
      IncrementalStore.addRows(tip, found, repository, tips, Instant.now(), result);
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

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
