package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

class LedgerMigrationTest {
  private static final Instant COMMITTED = Instant.parse("2026-11-20T09:00:00Z");
  @TempDir Path dir;
  final Fingerprinter fingerprinter = new Fingerprinter(new byte[32]);
  final SecretVault vault = new SecretVault(new byte[32]);
  final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  private Finding finding(String secret, String committerName, String committerEmail) {
    return Loop.finding(fingerprinter, secret, committerName, committerEmail);
  }

  /** A ledger as version 1 wrote it: the V1 schema only, one secret with two occurrences. */
  private String version1Ledger(Finding f) throws SQLException {
    return version1Ledger(f, "jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  private static String version1Ledger(Finding f, String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      Migrations.applyUpTo(c, 1);
      exec(
          c,
          "INSERT INTO secrets (finding_id, secret_hash, rule_id, redacted, state, committed_at, detected_at)"
              + " VALUES (?, 'h', ?, 'sk_live_…', ?, ?, 1)",
          f.id(),
          f.ruleId(),
          State.APPROVAL_REQUIRED,
          COMMITTED.toEpochMilli());
      exec(
          c,
          "INSERT INTO occurrences (occurrence_id, finding_id, repository, commit_id, path, line, author_name,"
              + " author_email, committed_at, first_seen_at) VALUES (?, ?, 'acme/app', 'c0ffee', 'config/.env', 3,"
              + " 'Dev', 'dev@acme.test', ?, 7)",
          f.occurrences().get(0).id(),
          f.id(),
          COMMITTED.toEpochMilli());
      exec(
          c,
          "INSERT INTO occurrences (occurrence_id, finding_id, repository, commit_id, path, line, author_name,"
              + " author_email, committed_at, first_seen_at) VALUES ('other', ?, 'acme/app', 'beef', 'b.env', 1,"
              + " 'Eve', 'eve@acme.test', ?, 8)",
          f.id(),
          COMMITTED.plusSeconds(60).toEpochMilli());
    }
    return url;
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      p.executeUpdate();
    }
  }

  @Test
  void open_migratesAVersion1LedgerToVersion2KeepingEveryRow() throws Exception {
    Finding f = finding(KeyFormat.ISSUER.mint("sk_live_"), null, null);
    assertMigratedKeepingRows(f, version1Ledger(f));
  }

  /** The same migration on PostgreSQL; opt-in like {@link LedgerPostgresTest}. */
  @Test
  @EnabledIfEnvironmentVariable(
      named = "KEYHOUND_TEST_POSTGRES_URL",
      matches = "jdbc:postgresql:.+")
  void open_migratesAVersion1PostgresLedgerAndFillsTheCommitter() throws Exception {
    String url = System.getenv("KEYHOUND_TEST_POSTGRES_URL");
    String schema = "kh_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Finding f = finding(KeyFormat.ISSUER.mint("sk_live_"), "Max Merge", "merge@acme.test");
    String ledger =
        version1Ledger(f, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    assertMigratedKeepingRows(f, ledger);
    try (Ledger l = Ledger.open(ledger, vault, clock)) {
      l.record(f, "h", false);
      assertEquals("merge@acme.test", l.occurrences(f.id()).get(0).committerEmail());
    }
  }

  private void assertMigratedKeepingRows(Finding f, String ledger) throws SQLException {
    try (Ledger l = Ledger.open(ledger, vault, clock)) {
      assertEquals(Migrations.SCRIPTS.size(), Migrations.current(l.connection()));
      assertEquals(
          List.of(State.APPROVAL_REQUIRED), l.all().stream().map(LedgerEntry::state).toList());
      assertEquals(
          List.of(
              new LedgerRows.OccurrenceRow(
                  "acme/app", "c0ffee", "config/.env", 3, "Dev", "dev@acme.test", COMMITTED),
              new LedgerRows.OccurrenceRow(
                  "acme/app",
                  "beef",
                  "b.env",
                  1,
                  "Eve",
                  "eve@acme.test",
                  COMMITTED.plusSeconds(60))),
          l.occurrences(f.id()));
    }
  }

  @Test
  void record_fillsTheCommitterOfAnOccurrenceRecordedBeforeVersion2() throws Exception {
    Finding f = finding(KeyFormat.ISSUER.mint("sk_live_"), "Max Merge", "merge@acme.test");
    String ledger = version1Ledger(f);

    try (Ledger l = Ledger.open(ledger, vault, clock)) {
      l.record(f, "h", false);

      LedgerRows.OccurrenceRow row = l.occurrences(f.id()).get(0);
      assertEquals("merge@acme.test", row.committerEmail());
      assertEquals("Max Merge", row.committerName());
      assertEquals("dev@acme.test", row.authorEmail());
      assertEquals(
          7, firstSeenAt(l, f.occurrences().get(0).id()), "the first sighting was rewritten");
    }
  }

  @Test
  void record_keepsAuthorAndCommitterApart() throws Exception {
    Finding f = finding(KeyFormat.ISSUER.mint("sk_live_"), "Max Merge", "merge@acme.test");
    try (Ledger l = Ledger.open(dir.resolve("new.db").toString(), vault, clock)) {
      l.record(f, "h", false);
      l.record(f, "h", false);

      assertEquals(
          List.of(
              new LedgerRows.OccurrenceRow(
                  "acme/app",
                  "c0ffee",
                  "config/.env",
                  3,
                  "Dev",
                  "dev@acme.test",
                  COMMITTED,
                  "Max Merge",
                  "merge@acme.test")),
          l.occurrences(f.id()));
    }
  }

  private static long firstSeenAt(Ledger l, String occurrenceId) throws SQLException {
    try (Statement s = l.connection().createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT first_seen_at FROM occurrences WHERE occurrence_id = '"
                    + occurrenceId
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
