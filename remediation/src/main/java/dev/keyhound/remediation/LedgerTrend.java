package dev.keyhound.remediation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Open live keys over time, from the ledger's history: a key opens when a verification first found
 * it active and closes when it was revoked or confirmed dead (or a later verification found it
 * inactive). One point per change, so the line is exact whether the history spans minutes or
 * months.
 */
public final class LedgerTrend {
  private LedgerTrend() {}

  /** The number of open live keys after each change, oldest first. */
  public record Point(Instant at, int openLiveKeys) {
    public Point {
      if (openLiveKeys < 0) {
        throw new IllegalArgumentException("open live keys must not be negative: " + openLiveKeys);
      }
    }
  }

  public static List<Point> openLiveKeys(Ledger ledger) throws SQLException {
    TreeMap<Long, Integer> delta = new TreeMap<>();
    synchronized (ledger) {
      try (PreparedStatement q =
              ledger
                  .connection()
                  .prepareStatement(
                      "SELECT s.finding_id,"
                          + " (SELECT MIN(v.at) FROM verifications v WHERE v.finding_id = s.finding_id"
                          + "  AND v.outcome = 'active'),"
                          + " s.revoked_at, s.confirmed_dead_at,"
                          + " (SELECT MIN(v.at) FROM verifications v WHERE v.finding_id = s.finding_id"
                          + "  AND v.outcome = 'inactive') FROM secrets s");
          ResultSet r = q.executeQuery()) {
        while (r.next()) {
          long opened = r.getLong(2);
          if (r.wasNull()) {
            continue;
          }
          Long closed = null;
          for (int c = 3; c <= 5; c++) {
            long t = r.getLong(c);
            if (!r.wasNull() && t >= opened && (closed == null || t < closed)) {
              closed = t;
            }
          }
          delta.merge(opened, 1, Integer::sum);
          if (closed != null) {
            delta.merge(closed, -1, Integer::sum);
          }
        }
      }
    }
    List<Point> out = new ArrayList<>();
    int open = 0;
    for (Map.Entry<Long, Integer> e : delta.entrySet()) {
      open += e.getValue();
      out.add(new Point(Instant.ofEpochMilli(e.getKey()), open));
    }
    return out;
  }
}
