package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedSourceTest {
  @TempDir Path dir;

  private ScanResult protect() {
    StagedSource staged = new StagedSource(dir, ScanOptions.DEFAULT_MAX_FILE_SIZE);
    return staged.onlyAddedLines(HistoryFixture.scan(staged));
  }

  private static List<Occurrence> occurrences(ScanResult r) {
    return r.findings().stream().flatMap(f -> f.occurrences().stream()).toList();
  }

  @Test
  void staged_reportsKeyInNewRepositoryAtItsStagedLine() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.stage("conf/app.env", "A=1\nKEY=" + Keys.issuer() + "\n");

      List<Occurrence> found = occurrences(protect());

      assertEquals(1, found.size());
      assertEquals(new Provenance.Staged("conf/app.env"), found.get(0).provenance());
      assertEquals(2, found.get(0).line());
    }
  }

  @Test
  void staged_reportsChangedLineWithTheStagedFilesLineNumber() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.py", "one\ntwo\nthree\n").commit("start");
      repo.stage("a.py", "zero\none\ntwo\nkey = '" + Keys.issuer() + "'\nthree\n");

      List<Occurrence> found = occurrences(protect());

      assertEquals(1, found.size());
      assertEquals(4, found.get(0).line());
    }
  }

  @Test
  void staged_ignoresKeyAlreadyCommittedOnAnUnchangedLine() {
    try (TestRepo repo = TestRepo.init(dir)) {
      String key = Keys.issuer();
      repo.write("a.py", "key = '" + key + "'\n").commit("old leak");
      repo.stage("a.py", "key = '" + key + "'\nother = 1\n");
      StagedSource staged = new StagedSource(dir, ScanOptions.DEFAULT_MAX_FILE_SIZE);
      ScanResult all = HistoryFixture.scan(staged);

      assertEquals(1, all.findings().size(), "the scan itself sees the old key");
      assertEquals(List.of(), staged.onlyAddedLines(all).findings());
    }
  }

  @Test
  void staged_ignoresUnstagedWorkTreeChanges() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.py", "x = 1\n").commit("start");
      repo.stage("b.py", "y = 2\n");
      repo.write("a.py", "key = '" + Keys.issuer() + "'\n");

      assertTrue(protect().findings().isEmpty());
    }
  }

  @Test
  void staged_honoursInlineAllowMarker() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.stage("a.py", "key = '" + Keys.issuer() + "'  # keyhound:allow\n");

      assertTrue(protect().findings().isEmpty());
    }
  }
}
