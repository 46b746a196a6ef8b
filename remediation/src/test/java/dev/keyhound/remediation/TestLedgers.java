package dev.keyhound.remediation;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Ledger URLs for tests that must hold on both databases: an SQLite file, and a fresh PostgreSQL
 * schema when {@code KEYHOUND_TEST_POSTGRES_URL} is set ({@code .ci/run} sets it).
 */
final class TestLedgers {
  private TestLedgers() {}

  static Stream<String> kinds() {
    List<String> out = new ArrayList<>(List.of("sqlite"));
    String pg = System.getenv("KEYHOUND_TEST_POSTGRES_URL");
    if (pg != null && pg.startsWith("jdbc:postgresql:")) {
      out.add("postgres");
    }
    return out.stream();
  }

  /** A new, empty ledger of that kind. */
  static String url(String kind, Path dir) throws Exception {
    if (kind.equals("sqlite")) {
      return dir.resolve("ledger-" + System.nanoTime() + ".db").toString();
    }
    return freshPostgresSchema(System.getenv("KEYHOUND_TEST_POSTGRES_URL"));
  }

  /** A URL whose tables live in a new schema of their own. */
  static String freshPostgresSchema(String url) throws Exception {
    String schema = "kh_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
