package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.git.GitHistorySource;
import dev.keyhound.scanner.git.GitScope;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history blob over {@code --max-file-size} is streamed from the repository and scanned in
 * overlapping windows, as a large file on disk is: a key straddling a window edge is found once per
 * place the blob was introduced, with that commit, path and line; a binary blob is still skipped
 * and counted.
 */
class HistoryLargeBlobTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  private static final long LIMIT = 1024; // windows of Scanner.MIN_WINDOW (64 KiB), overlap 16 KiB

  @TempDir Path dir;

  private static ScanResult scan(Path repo) {
    GitHistorySource history =
        new GitHistorySource(repo, "repo", GitScope.everything().withoutWorktree(), LIMIT);
    return Scanner.create(
            RuleLoader.builtin(), new ScanOptions(2, LIMIT, DetectorOptions.DEFAULTS), FP)
        .scan(List.of(repo.toString()), List.of(history));
  }

  private static Set<String> places(ScanResult r) {
    return r.findings().stream()
        .flatMap(
            f ->
                f.occurrences().stream()
                    .map(
                        o ->
                            f.secret().substring(0, 12)
                                + " "
                                + o.provenance().path()
                                + "@"
                                + o.provenance().commit()
                                + ":"
                                + o.line()))
        .collect(Collectors.toSet());
  }

  private static int occurrences(ScanResult r) {
    return r.findings().stream().mapToInt(f -> f.occurrences().size()).sum();
  }

  @Test
  void scan_findsAKeyStraddlingAWindowEdgeInALargeHistoryBlob_oncePerIntroduction()
      throws Exception {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    String later = KeyFormat.ISSUER.mint("sk_live_");
    EdgeText big = EdgeText.around(key);
    RevCommit first;
    RevCommit second;
    try (TestRepo repo = TestRepo.init(dir.resolve("repo"))) {
      first = repo.write("logs/big.log", big.text()).commit("add a large log");
      // The same blob at a second path, and the log edited: a delta in the pack after gc.
      second =
          repo.write("copy/big.log", big.text())
              .write("logs/big.log", big.text() + "later=" + later + "\n")
              .commit("copy and extend the log");
      repo.git().gc().setAggressive(false).call();
    }
    int laterLine = (int) big.text().chars().filter(c -> c == '\n').count() + 1;

    ScanResult r = scan(dir.resolve("repo"));

    String k = key.substring(0, 12);
    assertEquals(
        Set.of(
            k + " logs/big.log@" + first.name() + ":" + big.keyLine(),
            k + " copy/big.log@" + second.name() + ":" + big.keyLine(),
            k + " logs/big.log@" + second.name() + ":" + big.keyLine(),
            later.substring(0, 12) + " logs/big.log@" + second.name() + ":" + laterLine),
        places(r));
    assertEquals(4, occurrences(r)); // each found once: no duplicate from the window overlap
    assertEquals(List.of(), r.skipped());
    assertEquals(2, r.filesScanned());
  }

  @Test
  void scan_stillSkipsABinaryHistoryBlobOverTheLimit_andCountsIt() throws Exception {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    RevCommit c;
    try (TestRepo repo = TestRepo.init(dir.resolve("repo"))) {
      c =
          repo.write("blob.bin", "\0".repeat(100_000) + "k=" + key + "\n" + "\0".repeat(100_000))
              .write("small.env", "API_KEY=" + key + "\n")
              .commit("add a binary and a small file");
    }

    ScanResult r = scan(dir.resolve("repo"));

    assertEquals(Set.of(key.substring(0, 12) + " small.env@" + c.name() + ":1"), places(r));
    assertEquals(1, r.skipped().size());
    assertEquals(Skipped.Reason.BINARY, r.skipped().get(0).reason());
    assertEquals("blob.bin@" + c.name().substring(0, 12), r.skipped().get(0).location());
    assertEquals(1, r.filesScanned());
  }
}
