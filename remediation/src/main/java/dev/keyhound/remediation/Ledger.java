package dev.keyhound.remediation;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The remediation ledger over JDBC (SQLite file by default, PostgreSQL by URL): per distinct secret
 * its occurrences, verifications and state. State changes are conditional updates, so two processes
 * never both act.
 */
public final class Ledger implements AutoCloseable {
  private static final Set<String> TIME_COLUMNS =
      Set.of("verified_at", "revoked_at", "confirmed_dead_at", "notified_at");
  private final String url;
  private Connection db;
  private final SecretVault vault;
  private final Clock clock;

  private Ledger(String url, Connection db, SecretVault vault, Clock clock) {
    this.url = url;
    this.db = db;
    this.vault = vault;
    this.clock = clock;
  }

  /** Opens (creating and migrating) the ledger at a file path or a {@code jdbc:} URL. */
  public static Ledger open(String pathOrUrl, SecretVault vault, Clock clock) throws SQLException {
    String url = pathOrUrl.startsWith("jdbc:") ? pathOrUrl : "jdbc:sqlite:" + pathOrUrl;
    Connection db = connect(url);
    Migrations.apply(db);
    return new Ledger(url, db, vault, clock);
  }

  private static Connection connect(String url) throws SQLException {
    Connection db = DriverManager.getConnection(url);
    if (url.startsWith("jdbc:sqlite:")) {
      try (Statement s = db.createStatement()) {
        // WAL lets readers run beside one writer; busy_timeout makes a second process wait instead
        // of failing.
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA journal_mode=WAL");
        // In WAL mode NORMAL still survives a crashed process (only power loss can drop the last
        // commits), and
        // spares an fsync per outbox write.
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA foreign_keys=ON");
      }
    }
    return db;
  }

  /**
   * Whether the ledger answers now ({@code /readyz}). A broken connection (a PostgreSQL restart) is
   * replaced, so the ledger recovers when its database does; a SQLite file that has gone away is
   * not ready.
   */
  public synchronized boolean ready() {
    if (url.startsWith("jdbc:sqlite:") && !url.contains(":memory:")) {
      String file = url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", "");
      if (!java.nio.file.Files.exists(java.nio.file.Path.of(file))) {
        return false;
      }
    }
    try {
      probe();
      return true;
    } catch (SQLException first) {
      try {
        reconnect();
        probe();
        return true;
      } catch (SQLException second) {
        return false;
      }
    }
  }

  /** Replaces a connection that no longer answers; used by long-running workers after an error. */
  public synchronized void reconnect() throws SQLException {
    try {
      if (db.isValid(2)) {
        return;
      }
    } catch (SQLException ignored) {
      // fall through: replace it
    }
    try {
      db.close();
    } catch (SQLException ignored) {
      // already broken
    }
    db = connect(url);
  }

  private void probe() throws SQLException {
    try (Statement s = db.createStatement()) {
      s.setQueryTimeout(2);
      try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
        rs.next();
      }
    }
  }

  /** A unit of ledger work that runs in one transaction. */
  @FunctionalInterface
  public interface Tx {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction (one commit, one fsync, for a batch of writes); nested
   * calls join the outer one.
   */
  public synchronized void inTransaction(Tx work) throws SQLException {
    if (!db.getAutoCommit()) {
      work.run();
      return;
    }
    db.setAutoCommit(false);
    try {
      work.run();
      db.commit();
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }

  /**
   * Records a secret reported from outside (a GitHub secret scanning alert) with one occurrence at
   * {@code url}, tagged with the reporter's {@code source}; a repeat adds nothing.
   */
  public synchronized void recordReported(
      Finding f, String secretHash, boolean keepSecret, String url, String source)
      throws SQLException {
    inTransaction(
        () -> {
          record(f, secretHash, keepSecret);
          for (Occurrence o : f.occurrences()) {
            update(
                "UPDATE occurrences SET url = ?, source = ? WHERE occurrence_id = ?",
                url,
                source,
                o.id());
          }
        });
  }

  /** Records one token of a GitHub alert batch (its keyed hash only) and what was done with it. */
  public synchronized void recordGithubAlert(
      String tokenHash, String type, String url, String source, String findingId, String outcome)
      throws SQLException {
    update(
        "INSERT INTO github_alerts (alert_id, received_at, token_hash, token_type, url, source,"
            + " finding_id, outcome) VALUES (?,?,?,?,?,?,?,?)",
        UUID.randomUUID().toString(),
        clock.millis(),
        tokenHash,
        type,
        url,
        source,
        findingId,
        outcome);
  }

  /**
   * Records an issuer event by its id; false when it was seen before (a retry or a replay), in
   * which case nothing should be done again.
   */
  public synchronized boolean recordIssuerEvent(
      String eventId, String type, String keyId, String outcome) throws SQLException {
    return update(
            "INSERT INTO issuer_events (event_id, received_at, event_type, key_id, outcome)"
                + " VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
            eventId,
            clock.millis(),
            type,
            keyId,
            outcome)
        == 1;
  }

  /** Keys confirmed dead at or after {@code millis} (epoch), for metrics that watch new ones. */
  public synchronized List<LedgerEntry> confirmedDeadSince(long millis) throws SQLException {
    return LedgerRows.entries(
        db, "WHERE state = ? AND confirmed_dead_at >= ?", State.CONFIRMED_DEAD, millis);
  }

  /** Entries for an issuer key id (one key may have been found under several rules). */
  public synchronized List<LedgerEntry> byKeyId(String keyId) throws SQLException {
    return LedgerRows.entries(db, "WHERE key_id = ?", keyId);
  }

  /**
   * Counts rows grouped by up to two columns, for metrics: {@code sql} selects them and a count.
   */
  synchronized Map<List<String>, Long> counts(String sql) throws SQLException {
    Map<List<String>, Long> out = new java.util.LinkedHashMap<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> key = new ArrayList<>();
        for (int i = 1; i < cols; i++) {
          key.add(String.valueOf(rs.getString(i)));
        }
        out.put(key, rs.getLong(cols));
      }
    }
    return out;
  }

  Connection connection() {
    return db;
  }

  Clock clock() {
    return clock;
  }

  /** The finding-id key this ledger holds, if one was stored yet. */
  public synchronized Optional<byte[]> idKey() throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement("SELECT value FROM ledger_meta WHERE name = 'id_key'")) {
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(HexFormat.of().parseHex(rs.getString(1))) : Optional.empty();
      }
    }
  }

  /**
   * Stores {@code proposed} as the ledger's finding-id key unless it holds one already, and returns
   * the key it holds: two processes racing on a new ledger agree on the first one written.
   */
  public synchronized byte[] adoptIdKey(byte[] proposed) throws SQLException {
    update(
        "INSERT INTO ledger_meta (name, value) VALUES ('id_key', ?) ON CONFLICT DO NOTHING",
        HexFormat.of().formatHex(proposed));
    return idKey().orElseThrow();
  }

  /** Whether no secret has been recorded yet. */
  public synchronized boolean isEmpty() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT finding_id FROM secrets LIMIT 1")) {
      return !rs.next();
    }
  }

  /**
   * Records a finding and its occurrences if new; keeps the raw value (encrypted) only when it will
   * be needed. Returns the id the ledger keeps the secret under: the finding's own, or the id of an
   * entry recorded earlier for the same secret (same keyed hash) under another id, so that a secret
   * is never recorded twice.
   */
  public synchronized String record(Finding f, String secretHash, boolean keepSecret)
      throws SQLException {
    String id = idForHash(secretHash).orElse(f.id());
    long now = clock.millis();
    Long committed = null;
    for (Occurrence o : f.occurrences()) {
      if (root(o.provenance()) instanceof Provenance.Git g && g.date() != null) {
        committed =
            committed == null
                ? g.date().toEpochMilli()
                : Math.min(committed, g.date().toEpochMilli());
      }
    }
    update(
        "INSERT INTO secrets (finding_id, secret_hash, rule_id, redacted, encrypted_secret, state, committed_at,"
            + " detected_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
        id,
        secretHash,
        f.ruleId(),
        f.redacted(),
        keepSecret ? vault.encrypt(id, f.secret()) : null,
        State.DETECTED,
        committed,
        now);
    if (committed != null) {
      update(
          "UPDATE secrets SET committed_at = ? WHERE finding_id = ? AND (committed_at IS NULL OR committed_at > ?)",
          committed,
          id,
          committed);
    }
    for (Occurrence o : f.occurrences()) {
      Provenance root = root(o.provenance());
      Provenance.Git g = root instanceof Provenance.Git git ? git : null;
      // A shallow clone's boundary commit holds what came before the cut: its people did not
      // necessarily introduce the key, so they are neither recorded as its authors nor notified.
      boolean attributed = g != null && !g.boundary();
      // An occurrence recorded before the committer was kept gains it when it is seen again.
      update(
          "INSERT INTO occurrences (occurrence_id, finding_id, repository, commit_id, path, line, author_name,"
              + " author_email, committed_at, first_seen_at, committer_name, committer_email)"
              + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (occurrence_id) DO UPDATE SET"
              + " committer_name = excluded.committer_name, committer_email = excluded.committer_email"
              + " WHERE occurrences.committer_email IS NULL AND excluded.committer_email IS NOT NULL",
          o.id(),
          id,
          g == null ? null : g.repository(),
          o.provenance().commit(),
          o.provenance().path(),
          o.line(),
          attributed ? g.authorName() : null,
          attributed ? g.authorEmail() : null,
          g == null || g.date() == null ? null : g.date().toEpochMilli(),
          now,
          attributed ? g.committerName() : null,
          attributed ? g.committerEmail() : null);
    }
    return id;
  }

  /** The id of the entry already holding a secret with this keyed hash, if any. */
  private Optional<String> idForHash(String secretHash) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT finding_id FROM secrets WHERE secret_hash = ? ORDER BY detected_at LIMIT 1")) {
      p.setString(1, secretHash);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Appends a verification to the history; {@code purpose} is "verify" or "confirm". */
  public synchronized void recordVerification(String findingId, String purpose, Verification v)
      throws SQLException {
    update(
        "INSERT INTO verifications (verification_id, finding_id, at, purpose, outcome, reason) VALUES (?,?,?,?,?,?)",
        UUID.randomUUID().toString(),
        findingId,
        clock.millis(),
        purpose,
        v.outcome(),
        v instanceof Verification.Unknown u ? u.reason() : null);
  }

  /** How many verifications of a finding answered unknown (for the retry backoff). */
  public synchronized int unknownVerifications(String findingId) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT COUNT(*) FROM verifications WHERE finding_id = ? AND purpose = 'verify'"
                + " AND outcome = 'unknown'")) {
      p.setString(1, findingId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  /**
   * Moves a secret from one state to another, setting the given columns, only if it is still in
   * {@code from}; returns whether this call made the move (false: another process did, or the state
   * changed).
   */
  public synchronized boolean transition(
      String findingId, String from, String to, Map<String, Object> set) throws SQLException {
    StringBuilder sql = new StringBuilder("UPDATE secrets SET state = ?");
    List<Object> args = new ArrayList<>(List.of(to));
    for (Map.Entry<String, Object> e : set.entrySet()) {
      if (!e.getKey().matches("[a-z_]+")) {
        throw new IllegalArgumentException("not a column name: " + e.getKey());
      }
      sql.append(", ").append(e.getKey()).append(" = ?");
      Object v = e.getValue();
      args.add(v instanceof Instant t && TIME_COLUMNS.contains(e.getKey()) ? t.toEpochMilli() : v);
    }
    sql.append(" WHERE finding_id = ? AND state = ?");
    args.add(findingId);
    args.add(from);
    return update(sql.toString(), args.toArray()) == 1;
  }

  /** Stamps the first notification time; later ones keep the first. */
  public synchronized void markNotified(String findingId) throws SQLException {
    update(
        "UPDATE secrets SET notified_at = ? WHERE finding_id = ? AND notified_at IS NULL",
        clock.millis(),
        findingId);
  }

  /** Erases the raw value once the key is confirmed dead: nothing is left to revoke or check. */
  public synchronized void eraseSecret(String findingId) throws SQLException {
    update("UPDATE secrets SET encrypted_secret = NULL WHERE finding_id = ?", findingId);
  }

  /** The raw value, decrypted, or empty once erased (or never kept). */
  public synchronized Optional<String> secret(String findingId) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement("SELECT encrypted_secret FROM secrets WHERE finding_id = ?")) {
      p.setString(1, findingId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getString(1) != null
            ? Optional.of(vault.decrypt(findingId, rs.getString(1)))
            : Optional.empty();
      }
    }
  }

  public synchronized Optional<LedgerEntry> entry(String findingId) throws SQLException {
    List<LedgerEntry> l = LedgerRows.entries(db, "WHERE finding_id = ?", findingId);
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  /**
   * Entries whose id starts with the given prefix (ids are long; people type the first characters).
   */
  public synchronized List<LedgerEntry> byIdPrefix(String prefix) throws SQLException {
    return LedgerRows.entries(
        db, "WHERE finding_id LIKE ?", prefix.replace("%", "").replace("_", "") + "%");
  }

  public synchronized List<LedgerEntry> inState(String state) throws SQLException {
    return LedgerRows.entries(db, "WHERE state = ?", state);
  }

  public synchronized List<LedgerEntry> all() throws SQLException {
    return LedgerRows.entries(db, "");
  }

  public synchronized List<LedgerRows.OccurrenceRow> occurrences(String findingId)
      throws SQLException {
    return LedgerRows.occurrences(db, findingId);
  }

  /** What reports print per finding id, for the ids the ledger knows. */
  public synchronized Map<String, FindingStatus> statuses(Collection<String> findingIds)
      throws SQLException {
    Map<String, FindingStatus> out = new HashMap<>();
    for (String id : findingIds) {
      entry(id).ifPresent(e -> out.put(id, e.status()));
    }
    return out;
  }

  synchronized int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setObject(i + 1, args[i]);
      }
      return p.executeUpdate();
    }
  }

  private static Provenance root(Provenance p) {
    return p instanceof Provenance.ArchiveMember m ? m.root() : p;
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }
}
