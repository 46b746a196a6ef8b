package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history scan reads and scans each blob when the walk first meets it (at its newest place),
 * before the walk has found its older places: path allowlists and path rules still apply at every
 * place once the walk is over, so the findings are those of a scan that knew every place first.
 */
class ScanBeforeAttributionTest {
  private static final String FIRST = "acmk_q8r2vn5x7t0b3m6k9w1z";
  private static final String SECOND = "acmk_z1w9k6m3b0t7x5nv2r8q";
  private static final String THIRD = "acmk_m4n7b2v9c5x1z8l3k6j0";

  @TempDir static Path dir;
  static RevCommit older;
  static RevCommit newer;
  static ScanResult result;

  @BeforeAll
  static void scanHistory() throws Exception {
    try (TestRepo repo = TestRepo.init(dir.resolve("repo"))) {
      older =
          repo.write("app/settings.txt", "acme = " + FIRST + "\n")
              .write("fixtures/second.txt", "acme = " + SECOND + "\n")
              .write("certs/key.p12", "not really a keystore\n")
              .write("lib/a.txt", "acme = " + THIRD + "\n")
              .commit("older");
      // The walk goes from the tip: these places are met first, the older ones after.
      newer =
          repo.write("fixtures/first.txt", "acme = " + FIRST + "\n")
              .write("app/other.txt", "acme = " + SECOND + "\n")
              .write("certs/copy.bin", "not really a keystore\n")
              .write("lib/b.txt", "acme = " + THIRD + "\n")
              .write("docs/c.txt", "acme = " + THIRD + "\n")
              .commit("newer");
    }
    RuleSet rules =
        RuleLoader.parse(
            """
            [[rules]]
            id = "acme-prefixed"
            regex = '''\\b(acmk_[a-z0-9]{20})\\b'''
            keywords = ["acmk_"]

            [[rules]]
            id = "keystore"
            path = '''\\.p12$'''

            [[allowlists]]
            paths = ['''^fixtures/''']
            """,
            "rules.toml");
    GitHistorySource history =
        new GitHistorySource(
            dir.resolve("repo"),
            "repo",
            GitScope.everything().withoutWorktree(),
            ScanOptions.DEFAULT_MAX_FILE_SIZE);
    result =
        Scanner.create(
                rules,
                new ScanOptions(2, ScanOptions.DEFAULT_MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
                new Fingerprinter(new byte[32]))
            .scan(List.of("repo"), List.of(history));
  }

  private static Set<String> places(String ruleId) {
    return result.findings().stream()
        .filter(f -> f.ruleId().equals(ruleId))
        .flatMap(
            f ->
                f.occurrences().stream()
                    .map(
                        o ->
                            f.secret()
                                + " "
                                + o.provenance().path()
                                + "@"
                                + o.provenance().commit()))
        .collect(Collectors.toSet());
  }

  @Test
  void pathAllowlist_dropsTheFirstMetPlace_andKeepsTheOlderOne() {
    assertEquals(
        Set.of(
            FIRST + " app/settings.txt@" + older.name(),
            SECOND + " app/other.txt@" + newer.name(),
            THIRD + " docs/c.txt@" + newer.name(),
            THIRD + " lib/b.txt@" + newer.name(),
            THIRD + " lib/a.txt@" + older.name()),
        places("acme-prefixed"));
  }

  /**
   * The place a blob was first met is placed when it is scanned, the others after the walk: each is
   * there once, none twice (THIRD's blob is at three places, two of them in the newest commit).
   */
  @Test
  void aBlobAtThreePlaces_isReportedOnceAtEach() {
    List<String> third =
        result.findings().stream()
            .filter(f -> f.secret().equals(THIRD))
            .flatMap(f -> f.occurrences().stream())
            .map(o -> o.provenance().path() + "@" + o.provenance().commit())
            .sorted()
            .toList();
    assertEquals(
        List.of(
            "docs/c.txt@" + newer.name(), "lib/a.txt@" + older.name(), "lib/b.txt@" + newer.name()),
        third);
  }

  @Test
  void pathRule_firesAtAnOlderPlaceOfABlobFirstMetElsewhere() {
    assertEquals(Set.of("certs/key.p12 certs/key.p12@" + older.name()), places("keystore"));
  }

  @Test
  void everyBlobIsScannedOnce() {
    assertEquals(4, result.filesScanned());
    assertEquals(List.of(), result.skipped());
  }
}
