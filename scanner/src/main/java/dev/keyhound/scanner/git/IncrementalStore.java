package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code --incremental} scans remember, per repository, the ref tips already scanned and the
 * blobs where secrets were found: a local SQLite file ({@link IncrementalState}) for one machine,
 * or the shared ledger database for a fleet of workers, so a repository's next scan skips what any
 * worker scanned before. Methods throw {@link SQLException} when the store cannot be read or
 * written; nothing is half-recorded.
 */
public interface IncrementalStore extends AutoCloseable {
  /** The commits already scanned in this repository, as recorded ref tips. */
  List<String> scannedTips(String repository) throws SQLException;

  /** Where earlier runs found secrets in this repository: blob id to its git provenances. */
  Map<String, List<Provenance>> carried(String repository) throws SQLException;

  /** Records a finished scan: the tips it walked and every git occurrence of this repository. */
  void record(String repository, Map<String, String> tips, ScanResult result) throws SQLException;

  @Override
  void close() throws SQLException;

  /** One git occurrence to remember: its blob and where it was seen. */
  record Found(String blobId, Provenance.Git where) {}

  /** The git occurrences of {@code repository} in a scan result (archive members by their root). */
  static List<Found> gitOccurrences(String repository, ScanResult result) {
    List<Found> out = new ArrayList<>();
    for (Finding f : result.findings()) {
      for (Occurrence o : f.occurrences()) {
        Provenance root =
            o.provenance() instanceof Provenance.ArchiveMember m ? m.root() : o.provenance();
        if (root instanceof Provenance.Git g && g.repository().equals(repository)) {
          out.add(new Found(o.blobId(), g));
        }
      }
    }
    return out;
  }

  /**
   * Reads remembered occurrences, a query's rows of (blob id, path, commit, author name and e-mail,
   * date as ISO text, refs joined by newlines, committer name and e-mail), into blob id to
   * provenances: the one row shape both stores keep.
   */
  static Map<String, List<Provenance>> carriedRows(String repository, ResultSet r)
      throws SQLException {
    Map<String, List<Provenance>> out = new HashMap<>();
    while (r.next()) {
      String date = r.getString(6);
      String refs = r.getString(7);
      out.computeIfAbsent(r.getString(1), k -> new ArrayList<>())
          .add(
              new Provenance.Git(
                  repository,
                  r.getString(2),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  date == null ? null : Instant.parse(date),
                  refs.isEmpty() ? List.of() : Arrays.asList(refs.split("\n")),
                  r.getString(8),
                  r.getString(9)));
    }
    return out;
  }

  /**
   * Batches a finished scan's rows, in the one row shape both stores keep: {@code tip} takes
   * (repository, ref, commit, scanned at), {@code found} (repository, blob id, path, commit, author
   * name and e-mail, date as ISO text, refs joined by newlines, committer name and e-mail). The
   * caller executes both batches and commits.
   */
  static void addRows(
      PreparedStatement tip,
      PreparedStatement found,
      String repository,
      Map<String, String> tips,
      Instant now,
      ScanResult result)
      throws SQLException {
    for (Map.Entry<String, String> t : tips.entrySet()) {
      tip.setString(1, repository);
      tip.setString(2, t.getKey());
      tip.setString(3, t.getValue());
      tip.setString(4, now.toString());
      tip.addBatch();
    }
    for (Found o : gitOccurrences(repository, result)) {
      Provenance.Git g = o.where();
      found.setString(1, repository);
      found.setString(2, o.blobId());
      found.setString(3, g.path());
      found.setString(4, g.commit());
      found.setString(5, g.authorName());
      found.setString(6, g.authorEmail());
      found.setString(7, g.date() == null ? null : g.date().toString());
      found.setString(8, String.join("\n", g.refs()));
      found.setString(9, g.committerName());
      found.setString(10, g.committerEmail());
      found.addBatch();
    }
  }
}
