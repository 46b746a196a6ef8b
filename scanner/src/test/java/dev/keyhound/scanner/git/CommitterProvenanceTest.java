package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitterProvenanceTest {
  @TempDir Path tmp;

  private static List<Provenance.Git> gitProvenances(ScanResult result) {
    return result.findings().stream()
        .flatMap(f -> f.occurrences().stream())
        .map(o -> (Provenance.Git) o.provenance())
        .toList();
  }

  private TestRepo patchedRepo() {
    TestRepo repo = TestRepo.init(tmp.resolve("repo"));
    repo.write("README.md", "hi\n").commit("initial");
    repo.write("deploy/.env", "KEY=" + Keys.issuer() + "\n");
    repo.commit(
        "applied patch", "Paula Patch", "paula@example.com", "Max Maintainer", "max@example.com");
    return repo;
  }

  @Test
  void history_keepsAuthorAndCommitterApartWhenTheyDiffer() {
    try (TestRepo repo = patchedRepo()) {
      ScanResult result =
          HistoryFixture.scan(
              new GitHistorySource(
                  repo.dir(),
                  "repo",
                  GitScope.everything().withoutWorktree(),
                  ScanOptions.DEFAULT_MAX_FILE_SIZE));

      Provenance.Git g = gitProvenances(result).get(0);
      assertEquals("Paula Patch", g.authorName());
      assertEquals("paula@example.com", g.authorEmail());
      assertEquals("Max Maintainer", g.committerName());
      assertEquals("max@example.com", g.committerEmail());
    }
  }

  @Test
  void incremental_carriesTheCommitterIntoLaterRuns() throws Exception {
    try (TestRepo repo = patchedRepo();
        IncrementalState state = IncrementalState.open(tmp.resolve("inc.db"))) {
      GitHistorySource first =
          new GitHistorySource(
              repo.dir(),
              "repo",
              GitScope.everything().withoutWorktree(),
              ScanOptions.DEFAULT_MAX_FILE_SIZE);
      ScanResult result = HistoryFixture.scan(first);
      state.record("repo", first.scannedTips(), result);

      Provenance.Git carried =
          (Provenance.Git) state.carried("repo").values().iterator().next().get(0);

      assertEquals("max@example.com", carried.committerEmail());
      assertEquals("Max Maintainer", carried.committerName());
      assertEquals("paula@example.com", carried.authorEmail());
    }
  }

  @Test
  void history_reportsAPlaceOnceWhenAnOldRecordWithoutCommitterIsWalkedAgain() throws Exception {
    try (TestRepo repo = patchedRepo()) {
      String commit = repo.repository().resolve("HEAD").name();
      String blob = repo.repository().resolve("HEAD:deploy/.env").name();
      // As an earlier release recorded it, with no committer and no scanned tip (say the branch was
      // rewritten).
      Provenance old =
          new Provenance.Git(
              "repo",
              "deploy/.env",
              commit,
              "Paula Patch",
              "paula@example.com",
              repo.lastCommitTime(),
              List.of("refs/heads/main"));

      ScanResult result =
          HistoryFixture.scan(
              new GitHistorySource(
                  repo.dir(),
                  "repo",
                  GitScope.everything().withoutWorktree(),
                  ScanOptions.DEFAULT_MAX_FILE_SIZE,
                  null,
                  Map.of(blob, List.of(old))));

      List<Provenance.Git> places = gitProvenances(result);
      assertEquals(1, places.size(), places.toString());
      assertEquals("max@example.com", places.get(0).committerEmail());
    }
  }

  @Test
  void incremental_opensADatabaseWrittenBeforeCommittersWereKeptAndKeepsItsRows() throws Exception {
    Path db = tmp.resolve("old.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      // The schema as the first release created it.
      s.execute(
          "CREATE TABLE scanned_tip (repository TEXT NOT NULL, ref TEXT NOT NULL,"
              + " commit_id TEXT NOT NULL, scanned_at TEXT NOT NULL, PRIMARY KEY (repository, ref))");
      s.execute(
          "CREATE TABLE found (repository TEXT NOT NULL, blob_id TEXT NOT NULL,"
              + " path TEXT NOT NULL, commit_id TEXT NOT NULL, author_name TEXT, author_email TEXT, date TEXT,"
              + " refs TEXT NOT NULL, PRIMARY KEY (repository, blob_id, path, commit_id))");
      s.execute(
          "INSERT INTO found VALUES ('repo', '"
              + "ab".repeat(20)
              + "', 'a.env', '"
              + "cd".repeat(20)
              + "', 'Old Author', 'old@example.com', '2024-01-01T00:00:00Z', 'refs/heads/main')");
    }

    try (IncrementalState state = IncrementalState.open(db)) {
      Map<String, List<Provenance>> carried = state.carried("repo");

      Provenance.Git g = (Provenance.Git) carried.get("ab".repeat(20)).get(0);
      assertEquals("old@example.com", g.authorEmail());
      assertEquals(null, g.committerEmail());
      assertEquals(List.of("refs/heads/main"), g.refs());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT COUNT(*) FROM pragma_table_info('found')"
                    + " WHERE name IN ('committer_name', 'committer_email')")) {
      r.next();
      assertEquals(2, r.getInt(1));
    }
  }
}
