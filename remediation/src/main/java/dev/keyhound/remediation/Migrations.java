package dev.keyhound.remediation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations: numbered SQL resources {@code db/migration/V<n>__<name>.sql}, each
 * applied once in its own transaction and recorded in {@code schema_version}. A small runner rather
 * than Flyway: since Flyway 10 each database wants its own add-on module (one more per dialect,
 * each a convergence risk in a shaded jar), and with the two dialects sharing identical SQL a
 * version table and ordered scripts are all we need.
 */
final class Migrations {
  /** Every migration, in order; append only, never edit one that has shipped. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__init.sql",
          "V2__occurrence_committer.sql",
          "V3__ledger_meta.sql",
          "V4__serve.sql",
          "V5__fleet.sql");

  private Migrations() {}

  /**
   * Brings the schema up to date; a process that loses a race to another migrating process just
   * re-reads.
   */
  static void apply(Connection db) throws SQLException {
    applyUpTo(db, SCRIPTS.size());
  }

  /**
   * Applies migrations up to and including version {@code last}; tests use it to build an older
   * schema.
   */
  static void applyUpTo(Connection db, int last) throws SQLException {
    if (last < 0 || last > SCRIPTS.size()) {
      throw new IllegalArgumentException(
          "migration version must be 0.." + SCRIPTS.size() + ": " + last);
    }
    try (Statement s = db.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
              + " script VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
    }
    for (int v = 1; v <= last; v++) {
      if (current(db) >= v) {
        continue;
      }
      boolean auto = db.getAutoCommit();
      db.setAutoCommit(false);
      try {
        try (Statement s = db.createStatement()) {
          for (String sql : statements(SCRIPTS.get(v - 1))) {
            s.execute(sql);
          }
        }
        try (PreparedStatement p =
            db.prepareStatement(
                "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
          p.setInt(1, v);
          p.setString(2, SCRIPTS.get(v - 1));
          p.setLong(3, System.currentTimeMillis());
          p.executeUpdate();
        }
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        if (current(db) < v) {
          throw new SQLException(
              "ledger migration " + SCRIPTS.get(v - 1) + " failed: " + e.getMessage(), e);
        }
      } finally {
        db.setAutoCommit(auto);
      }
    }
  }

  static int current(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static String[] statements(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration resource missing: " + script);
      }
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^\\s*--.*$", "");
      return java.util.Arrays.stream(text.split(";"))
          .map(String::strip)
          .filter(x -> !x.isEmpty())
          .toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
