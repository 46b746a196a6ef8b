package dev.keyhound.remediation;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings the ledger holds, as scan findings, so every report format can be written from the
 * ledger without rescanning (the fleet's one view). The ledger keeps no raw values: each finding's
 * secret is its stored redaction, and what a ledger does not keep (blob ids, columns) is left empty
 * or 1.
 */
public final class LedgerFindings {
  private LedgerFindings() {}

  /** Every finding with its occurrences, ordered by rule then id. */
  public static List<Finding> all(Ledger ledger) throws SQLException {
    synchronized (ledger) {
      Map<String, String[]> secrets = new LinkedHashMap<>();
      try (PreparedStatement q =
              ledger
                  .connection()
                  .prepareStatement(
                      "SELECT finding_id, rule_id, redacted FROM secrets ORDER BY rule_id, finding_id");
          ResultSet r = q.executeQuery()) {
        while (r.next()) {
          secrets.put(r.getString(1), new String[] {r.getString(2), r.getString(3)});
        }
      }
      Map<String, List<Occurrence>> occurrences = new LinkedHashMap<>();
      try (PreparedStatement q =
              ledger
                  .connection()
                  .prepareStatement(
                      "SELECT occurrence_id, finding_id, repository, commit_id, path, line,"
                          + " author_name, author_email, committed_at, committer_name,"
                          + " committer_email FROM occurrences ORDER BY finding_id, repository,"
                          + " path, line, occurrence_id");
          ResultSet r = q.executeQuery()) {
        while (r.next()) {
          String commit = r.getString(4);
          String path = r.getString(5);
          long committed = r.getLong(9);
          Instant date = r.wasNull() ? null : Instant.ofEpochMilli(committed);
          Provenance p =
              commit == null
                  ? new Provenance.File(path)
                  : new Provenance.Git(
                      r.getString(3),
                      path,
                      commit,
                      r.getString(7),
                      r.getString(8),
                      date,
                      List.of(),
                      r.getString(10),
                      r.getString(11));
          occurrences
              .computeIfAbsent(r.getString(2), k -> new ArrayList<>())
              .add(new Occurrence(r.getString(1), p, "", Math.max(1, r.getInt(6)), 1));
        }
      }
      List<Finding> out = new ArrayList<>();
      for (Map.Entry<String, String[]> e : secrets.entrySet()) {
        out.add(
            new Finding(
                e.getKey(),
                e.getValue()[0],
                "",
                e.getValue()[1],
                null,
                0,
                occurrences.getOrDefault(e.getKey(), List.of())));
      }
      return out;
    }
  }
}
