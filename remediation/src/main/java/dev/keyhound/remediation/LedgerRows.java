package dev.keyhound.remediation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads ledger rows into values; kept apart from {@link Ledger} so that one holds the writes. */
public final class LedgerRows {
  private LedgerRows() {}

  /**
   * One place a secret was seen, as the ledger keeps it for notifications. The committer is null
   * for files and for occurrences recorded before the ledger kept it.
   */
  public record OccurrenceRow(
      String repository,
      String commit,
      String path,
      int line,
      String authorName,
      String authorEmail,
      Instant committedAt,
      String committerName,
      String committerEmail,
      String url,
      String source) {
    /** A scanned row (no reported url or source). */
    public OccurrenceRow(
        String repository,
        String commit,
        String path,
        int line,
        String authorName,
        String authorEmail,
        Instant committedAt,
        String committerName,
        String committerEmail) {
      this(
          repository,
          commit,
          path,
          line,
          authorName,
          authorEmail,
          committedAt,
          committerName,
          committerEmail,
          null,
          null);
    }

    /** A row whose committer is not known. */
    public OccurrenceRow(
        String repository,
        String commit,
        String path,
        int line,
        String authorName,
        String authorEmail,
        Instant committedAt) {
      this(repository, commit, path, line, authorName, authorEmail, committedAt, null, null);
    }
  }

  static List<LedgerEntry> entries(Connection db, String where, Object... args)
      throws SQLException {
    List<LedgerEntry> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT * FROM secrets " + where + " ORDER BY detected_at, finding_id")) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(
              new LedgerEntry(
                  rs.getString("finding_id"),
                  rs.getString("rule_id"),
                  rs.getString("redacted"),
                  rs.getString("state"),
                  rs.getString("verification"),
                  rs.getString("verification_reason"),
                  rs.getString("key_id"),
                  rs.getString("key_json"),
                  rs.getString("owner_type"),
                  rs.getString("owner_id"),
                  rs.getString("organization_id"),
                  instant(rs, "committed_at"),
                  instant(rs, "detected_at"),
                  instant(rs, "verified_at"),
                  instant(rs, "revoked_at"),
                  instant(rs, "confirmed_dead_at"),
                  instant(rs, "notified_at"),
                  longOrNull(rs, "residual_validation_ms"),
                  rs.getString("encrypted_secret") != null));
        }
      }
    }
    return out;
  }

  static List<OccurrenceRow> occurrences(Connection db, String findingId) throws SQLException {
    List<OccurrenceRow> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT * FROM occurrences WHERE finding_id = ? ORDER BY committed_at, path, line, occurrence_id")) {
      p.setString(1, findingId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(
              new OccurrenceRow(
                  rs.getString("repository"),
                  rs.getString("commit_id"),
                  rs.getString("path"),
                  rs.getInt("line"),
                  rs.getString("author_name"),
                  rs.getString("author_email"),
                  instant(rs, "committed_at"),
                  rs.getString("committer_name"),
                  rs.getString("committer_email"),
                  rs.getString("url"),
                  rs.getString("source")));
        }
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    Long v = longOrNull(rs, col);
    return v == null ? null : Instant.ofEpochMilli(v);
  }

  private static Long longOrNull(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
