package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.testing.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalStateTest {
  @TempDir Path tmp;

  private record Run(ScanResult result, long commitsWalked) {}

  private Run incremental(HistoryFixture f, Path db) throws Exception {
    try (IncrementalState state = IncrementalState.open(db)) {
      GitProgress progress = new GitProgress();
      GitScope scope =
          GitScope.everything().withoutWorktree().withScanned(state.scannedTips("repo"));
      GitHistorySource source =
          new GitHistorySource(
              f.repo.dir(),
              "repo",
              scope,
              ScanOptions.DEFAULT_MAX_FILE_SIZE,
              progress,
              state.carried("repo"));
      ScanResult result = HistoryFixture.scan(source);
      state.record("repo", source.scannedTips(), result);
      return new Run(result, progress.commits());
    }
  }

  @Test
  void incremental_walksOnlyNewCommitsAndKeepsEarlierFindings() throws Exception {
    HistoryFixture f = new HistoryFixture(tmp.resolve("repo"));
    Path db = tmp.resolve("state/" + IncrementalState.FILE);
    Files.createDirectories(db.getParent());
    Run first = incremental(f, db);
    String late = Keys.issuer();
    f.repo.write("late.txt", late + "\n").commit("late leak");

    Run second = incremental(f, db);

    assertEquals(11, first.commitsWalked());
    assertEquals(1, second.commitsWalked());
    assertEquals(Set.copyOf(f.expected()), Set.copyOf(HistoryFixture.reported(first.result())));
    Set<HistoryFixture.Expected> all = new HashSet<>(f.expected());
    all.add(
        new HistoryFixture.Expected(
            late,
            "late.txt",
            f.repo.repository().resolve("HEAD").name(),
            "Alice Example",
            "alice@example.com",
            1));
    assertEquals(all, Set.copyOf(HistoryFixture.reported(second.result())));
  }

  @Test
  void incremental_storesNoSecretInTheDatabase() throws Exception {
    HistoryFixture f = new HistoryFixture(tmp.resolve("repo"));
    Path db = tmp.resolve(IncrementalState.FILE);
    incremental(f, db);

    String bytes = new String(Files.readAllBytes(db), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains(f.envKey.substring(8)));
    assertFalse(bytes.contains(f.spikeKey.substring(8)));
  }
}
