package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The reference issuer's key table in SQLite: only SHA-256 hashes of key values are stored. */
final class DevIssuerStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Connection db;
  private final Clock clock;

  DevIssuerStore(String jdbcUrl, Clock clock) throws SQLException {
    this.db = DriverManager.getConnection(jdbcUrl);
    this.clock = clock;
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA busy_timeout=5000");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute(
          "CREATE TABLE IF NOT EXISTS api_keys (id TEXT PRIMARY KEY, value_hash TEXT NOT NULL UNIQUE,"
              + " owner_type TEXT NOT NULL, owner_id TEXT NOT NULL, organization_id TEXT, name TEXT,"
              + " obfuscated_value TEXT, permissions TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
              + " last_used_at TEXT, expires_at TEXT, revoked_at TEXT)");
    }
  }

  /**
   * Creates a key and returns its object; the caller adds the value to the response, which is its
   * only copy.
   */
  synchronized ObjectNode create(String value, ApiKey.Owner owner, String name, List<String> perms)
      throws SQLException {
    String now = clock.instant().toString();
    String id = "api_key_" + Ulid.next(clock.millis());
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO api_keys (id, value_hash, owner_type, owner_id,"
                + " organization_id, name, obfuscated_value, permissions, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      p.setString(1, id);
      p.setString(2, hash(value));
      p.setString(3, owner.type());
      p.setString(4, owner.id());
      p.setString(5, "user".equals(owner.type()) ? owner.organizationId() : null);
      p.setString(6, name);
      p.setString(7, obfuscate(value));
      p.setString(8, JSON.valueToTree(perms).toString());
      p.setString(9, now);
      p.setString(10, now);
      p.executeUpdate();
    }
    return find("id = ?", id, false).get(0);
  }

  /** The live key with this value, its last use stamped, or null. */
  synchronized ObjectNode validate(String value) throws SQLException {
    String now = clock.instant().toString();
    try (PreparedStatement p =
        db.prepareStatement(
            "UPDATE api_keys SET last_used_at = ? WHERE value_hash = ?"
                + " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")) {
      p.setString(1, now);
      p.setString(2, hash(value));
      p.setString(3, now);
      if (p.executeUpdate() == 0) {
        return null;
      }
    }
    List<ObjectNode> found = find("value_hash = ?", hash(value), false);
    return found.isEmpty() ? null : found.get(0);
  }

  /**
   * Revokes a live key at once; returns its object, or null when there is no live key with that id.
   */
  synchronized ObjectNode revoke(String id) throws SQLException {
    List<ObjectNode> found = find("id = ?", id, false);
    try (PreparedStatement p =
        db.prepareStatement(
            "UPDATE api_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      String now = clock.instant().toString();
      p.setString(1, now);
      p.setString(2, now);
      p.setString(3, id);
      return p.executeUpdate() == 1 && !found.isEmpty() ? found.get(0) : null;
    }
  }

  /** Live keys of an owner. */
  synchronized List<ObjectNode> list(String ownerType, String ownerId) throws SQLException {
    return find(
        ("organization".equals(ownerType)
                ? "owner_type = 'organization' AND "
                : "owner_type = 'user' AND ")
            + "owner_id = ?",
        ownerId,
        true);
  }

  private List<ObjectNode> find(String where, String arg, boolean liveOnly) throws SQLException {
    List<ObjectNode> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT * FROM api_keys WHERE "
                + where
                + (liveOnly ? " AND revoked_at IS NULL" : "")
                + " ORDER BY id")) {
      p.setString(1, arg);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(toObject(rs));
        }
      }
    }
    return out;
  }

  private static ObjectNode toObject(ResultSet rs) throws SQLException {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", "api_key");
    o.put("id", rs.getString("id"));
    ObjectNode owner = o.putObject("owner");
    owner.put("type", rs.getString("owner_type"));
    owner.put("id", rs.getString("owner_id"));
    if ("user".equals(rs.getString("owner_type"))) {
      owner.put("organization_id", rs.getString("organization_id"));
    }
    o.put("name", rs.getString("name"));
    o.put("obfuscated_value", rs.getString("obfuscated_value"));
    try {
      o.set("permissions", (ArrayNode) JSON.readTree(rs.getString("permissions")));
    } catch (java.io.IOException e) {
      throw new SQLException("corrupt permissions for " + rs.getString("id"), e);
    }
    o.put("created_at", rs.getString("created_at"));
    o.put("updated_at", rs.getString("updated_at"));
    o.put("last_used_at", rs.getString("last_used_at"));
    o.put("expires_at", rs.getString("expires_at"));
    return o;
  }

  static String obfuscate(String value) {
    return value.substring(0, value.indexOf('_') + 1) + "…" + value.substring(value.length() - 4);
  }

  private static String hash(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }
}
