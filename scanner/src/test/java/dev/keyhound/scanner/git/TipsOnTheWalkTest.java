package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.testing.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan of every ref lists the refs when it checks the repository and peels them on the walk's own
 * thread: the tips it starts from must be exactly the refs git peels to a commit, whether or not
 * the repository was checked first, with the same refs reported unreadable.
 */
class TipsOnTheWalkTest {
  private static final String MISSING = "1234567890123456789012345678901234567890";

  @TempDir static Path tmp;
  static Path dir;
  static Map<String, String> expected;
  static final String onSide = Keys.issuer();
  static final String olderStash = Keys.issuer();
  static final String newerStash = Keys.issuer();

  @BeforeAll
  static void repository() throws Exception {
    dir = tmp.resolve("r");
    Files.createDirectories(dir);
    GitShell g = new GitShell(dir);
    g.git("init", "-q", "-b", "main");
    Files.writeString(dir.resolve("a.txt"), "one\n");
    g.git("add", "a.txt");
    g.git("commit", "-q", "-m", "one");
    Files.writeString(dir.resolve("a.txt"), "two\n");
    g.git("commit", "-q", "-am", "two");
    g.git("tag", "-a", "v1", "-m", "v1", "HEAD~1");
    g.git("tag", "-a", "v1-again", "-m", "a tag of a tag", "v1");
    g.git("tag", "-a", "tree-tag", "-m", "a tree", "HEAD^{tree}");
    g.git("tag", "blob-tag", g.git("hash-object", "-w", "a.txt").trim());
    g.git("checkout", "-q", "-b", "side");
    Files.writeString(dir.resolve("b.txt"), "key=" + onSide + "\n");
    g.git("add", "b.txt");
    g.git("commit", "-q", "-m", "side");
    g.git("checkout", "-q", "main");
    Files.writeString(dir.resolve("a.txt"), "k=" + olderStash + "\n");
    g.git("stash", "-q");
    Files.writeString(dir.resolve("a.txt"), "k=" + newerStash + "\n");
    g.git("stash", "-q");
    g.git("checkout", "-q", "--detach", "HEAD~1");
    // Packed and fully peeled, as in a mirror; then one loose ref to an object that is not there.
    g.git("pack-refs", "--all");
    Files.writeString(dir.resolve(".git/refs/heads/broken"), MISSING + "\n");

    expected = new TreeMap<>();
    for (String ref :
        List.of(
            "refs/heads/main",
            "refs/heads/side",
            "refs/tags/v1",
            "refs/tags/v1-again",
            "refs/stash",
            "HEAD")) {
      expected.put(ref, g.git("rev-parse", ref + "^{commit}").trim());
    }
    expected.put("refs/stash@{1}", g.git("rev-parse", "stash@{1}").trim());
  }

  private static GitHistorySource source() {
    return new GitHistorySource(
        dir, "r", GitScope.everything().withoutWorktree(), ScanOptions.DEFAULT_MAX_FILE_SIZE);
  }

  private static void assertScannedFromEveryCommitRef(GitHistorySource source, ScanResult r) {
    assertEquals(expected, new TreeMap<>(source.scannedTips()));
    List<Skipped> unreadable =
        r.skipped().stream().filter(s -> s.reason() == Skipped.Reason.UNREADABLE).toList();
    assertEquals(1, unreadable.size(), unreadable.toString());
    assertEquals("r:refs/heads/broken", unreadable.get(0).location());
    assertTrue(unreadable.get(0).detail().contains(MISSING), unreadable.get(0).detail());
    assertEquals(
        Set.of(onSide, olderStash, newerStash),
        r.findings().stream().map(Finding::secret).collect(Collectors.toSet()));
  }

  @Test
  void scan_afterValidate_startsFromTheRefsGitPeelsToACommit() {
    GitHistorySource source = source();
    source.validate();

    ScanResult r = HistoryFixture.scan(source);

    assertScannedFromEveryCommitRef(source, r);
  }

  @Test
  void scan_withoutValidate_listsTheRefsItselfWithTheSameTips() {
    GitHistorySource source = source();

    ScanResult r = HistoryFixture.scan(source);

    assertScannedFromEveryCommitRef(source, r);
  }

  @Test
  void scan_ofANamedBranch_startsFromThatBranchOnly() {
    GitHistorySource source =
        new GitHistorySource(
            dir,
            "r",
            new GitScope(List.of("side"), List.of(), false),
            ScanOptions.DEFAULT_MAX_FILE_SIZE);
    source.validate();

    ScanResult r = HistoryFixture.scan(source);

    assertEquals(Map.of("refs/heads/side", expected.get("refs/heads/side")), source.scannedTips());
    assertEquals(
        Set.of(onSide), r.findings().stream().map(Finding::secret).collect(Collectors.toSet()));
  }
}
