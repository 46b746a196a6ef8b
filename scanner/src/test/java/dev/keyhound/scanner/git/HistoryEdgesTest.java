package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Histories that are not whole: broken refs, shallow clones, submodules, very many refs. */
class HistoryEdgesTest {
  private static final String MISSING = "1234567890123456789012345678901234567890";

  private static ScanResult scan(Path dir, GitScope scope) {
    return HistoryFixture.scan(
        new GitHistorySource(dir, "repo", scope, ScanOptions.DEFAULT_MAX_FILE_SIZE));
  }

  private static Set<String> secrets(ScanResult r) {
    return r.findings().stream().map(Finding::secret).collect(Collectors.toSet());
  }

  @Test
  void scan_refToAMissingObjectLosesOnlyThatRefAndNamesIt(@TempDir Path tmp) throws Exception {
    String onMain = Keys.issuer();
    String onSide = Keys.issuer();
    TestRepo repo = TestRepo.init(tmp.resolve("r"));
    repo.write("a.txt", "key=" + onMain + "\n").commit("one");
    repo.branch("side").write("b.txt", "key=" + onSide + "\n").commit("two");
    repo.checkout("main");
    Files.writeString(repo.dir().resolve(".git/refs/heads/broken"), MISSING + "\n");

    ScanResult r = scan(repo.dir(), GitScope.everything().withoutWorktree());

    assertEquals(Set.of(onMain, onSide), secrets(r));
    assertTrue(
        r.skipped().stream()
            .anyMatch(
                s ->
                    s.reason() == Skipped.Reason.UNREADABLE
                        && s.location().equals("repo:refs/heads/broken")
                        && s.detail().contains(MISSING)),
        r.skipped().toString());
  }

  @Test
  void scan_headOnAMissingCommitStillScansTheOtherRefsAndTheWorkTree(@TempDir Path tmp)
      throws Exception {
    String onMain = Keys.issuer();
    String uncommitted = Keys.issuer();
    TestRepo repo = TestRepo.init(tmp.resolve("r"));
    repo.write("a.txt", "key=" + onMain + "\n").commit("one");
    Files.writeString(repo.dir().resolve(".git/refs/heads/broken"), MISSING + "\n");
    Files.writeString(repo.dir().resolve(".git/HEAD"), "ref: refs/heads/broken\n");
    Files.writeString(repo.dir().resolve("new.txt"), "key=" + uncommitted + "\n");

    ScanResult r = scan(repo.dir(), GitScope.everything());

    assertEquals(Set.of(onMain, uncommitted), secrets(r));
    assertTrue(r.skipped().stream().anyMatch(s -> s.location().equals("repo:refs/heads/broken")));
  }

  @Test
  void scan_shallowCloneSaysHistoryIsCutAndMarksTheBoundary(@TempDir Path tmp) throws Exception {
    String old = Keys.issuer();
    String recent = Keys.issuer();
    TestRepo repo = TestRepo.init(tmp.resolve("origin"));
    repo.write("old.txt", "key=" + old + "\n").commit("old", "Olga Old", "olga@example.com");
    repo.write("x.txt", "1\n").commit("middle");
    RevCommit tip = repo.write("x.txt", "2\n").commit("tip", "Tim Tip", "tim@example.com");
    repo.write("new.txt", "key=" + recent + "\n");
    RevCommit added = repo.commit("recent", "Rita Recent", "rita@example.com");
    Path clone = tmp.resolve("clone");
    git(
        tmp,
        "git",
        "clone",
        "-q",
        "--depth",
        "2",
        "file://" + repo.dir().toAbsolutePath(),
        clone.toString());

    ScanResult r = scan(clone, GitScope.everything().withoutWorktree());

    assertEquals(Set.of(old, recent), secrets(r));
    Provenance.Git atCut = only(r, old);
    assertEquals(tip.name(), atCut.commit());
    assertTrue(atCut.boundary());
    Provenance.Git introduced = only(r, recent);
    assertEquals(added.name(), introduced.commit());
    assertFalse(introduced.boundary());
    assertTrue(
        r.skipped().stream()
            .anyMatch(
                s ->
                    s.reason() == Skipped.Reason.SHALLOW
                        && s.reason().isShown()
                        && !s.reason().isError()
                        && s.detail().contains("history is cut")),
        r.skipped().toString());
    assertFalse(r.hasErrors());
  }

  @Test
  void scan_countsSubmodulesWithoutEnteringThem(@TempDir Path tmp) throws Exception {
    TestRepo repo = TestRepo.init(tmp.resolve("r"));
    RevCommit first = repo.write("a.txt", "1\n").commit("one");
    git(
        repo.dir(),
        "git",
        "update-index",
        "--add",
        "--cacheinfo",
        "160000," + first.name() + ",vendor/lib");
    git(repo.dir(), "git", "commit", "-qm", "add submodule");
    git(repo.dir(), "git", "update-index", "--cacheinfo", "160000," + MISSING + ",vendor/lib");
    git(repo.dir(), "git", "commit", "-qm", "bump submodule");

    ScanResult r = scan(repo.dir(), GitScope.everything().withoutWorktree());

    List<Skipped> subs =
        r.skipped().stream().filter(s -> s.reason() == Skipped.Reason.SUBMODULE).toList();
    assertEquals(1, subs.size(), r.skipped().toString());
    assertEquals("vendor/lib", subs.get(0).location());
    assertFalse(r.hasErrors(), r.skipped().toString());
  }

  @Test
  void scan_withThousandsOfRefsListsExactlyTheRefsThatReachTheCommit(@TempDir Path tmp)
      throws Exception {
    String key = Keys.issuer();
    TestRepo repo = TestRepo.init(tmp.resolve("r"));
    RevCommit before = repo.write("a.txt", "1\n").commit("before");
    RevCommit leak = repo.write("k.txt", "key=" + key + "\n").commit("leak");
    RevCommit after = repo.write("a.txt", "2\n").commit("after");
    List<String> expected = new ArrayList<>(List.of("refs/heads/main"));
    RevCommit[] targets = {before, leak, after};
    for (int i = 0; i < 3000; i++) {
      String name = "refs/pull/" + i + "/head";
      RefUpdate u = repo.repository().updateRef(name);
      u.setNewObjectId(targets[i % 3]);
      u.forceUpdate();
      if (i % 3 != 0) {
        expected.add(name);
      }
    }
    expected.sort(null);

    ScanResult r = scan(repo.dir(), GitScope.everything().withoutWorktree());

    assertEquals(expected, only(r, key).refs());
  }

  /**
   * A clock that ran backwards: a commit made an hour before its parent. The walk reads commits
   * newest first, so it meets the parent (which another branch also points at) before the child;
   * the refs that reach the parent still include the child's.
   */
  @Test
  void scan_clockThatRanBackwardsStillListsEveryRefThatReachesTheCommit(@TempDir Path tmp)
      throws Exception {
    String key = Keys.issuer();
    TestRepo repo = TestRepo.init(tmp.resolve("r"));
    repo.write("a.txt", "1\n").commit("first");
    RevCommit leak = repo.write("k.txt", "key=" + key + "\n").commit("leak");
    repo.branch("base").checkout("main").write("b.txt", "2\n").stageAll();
    PersonIdent anHourEarlier =
        new PersonIdent(
            "Eve Example",
            "eve@example.com",
            repo.lastCommitTime().minusSeconds(3600),
            ZoneOffset.UTC);
    RevCommit child =
        repo.git()
            .commit()
            .setMessage("made on a machine whose clock was behind")
            .setAuthor(anHourEarlier)
            .setCommitter(anHourEarlier)
            .setSign(false)
            .call();
    assertEquals(leak, child.getParent(0));
    assertTrue(child.getCommitTime() < leak.getCommitTime());

    ScanResult r = scan(repo.dir(), GitScope.everything().withoutWorktree());

    Provenance.Git at = only(r, key);
    assertEquals(leak.name(), at.commit());
    assertEquals(List.of("refs/heads/base", "refs/heads/main"), at.refs());
  }

  private static Provenance.Git only(ScanResult r, String secret) {
    List<Provenance> ps =
        r.findings().stream()
            .filter(f -> f.secret().equals(secret))
            .flatMap(f -> f.occurrences().stream())
            .map(o -> o.provenance())
            .toList();
    assertEquals(1, ps.size(), ps.toString());
    return (Provenance.Git) ps.get(0);
  }

  private static void git(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertEquals(0, p.waitFor(), String.join(" ", command));
  }
}
