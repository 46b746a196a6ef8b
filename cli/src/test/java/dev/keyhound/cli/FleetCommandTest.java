package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet add/list/remove/work} in-process over an SQLite ledger file. */
class FleetCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private String ledger() {
    return tmp.resolve("fleet.db").toString();
  }

  private Path repo(String name, String... secrets) {
    Path dir = tmp.resolve(name);
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("README.md", "# " + name + "\n").commit("initial");
      for (int i = 0; i < secrets.length; i++) {
        repo.write("config/" + i + ".env", "KEY=" + secrets[i] + "\n").commit("config " + i);
      }
    }
    return dir;
  }

  static void commitMore(Path dir) throws Exception {
    Files.writeString(dir.resolve("more.txt"), "more " + System.nanoTime() + "\n");
    try (Git git = Git.open(dir.toFile())) {
      git.add().addFilepattern("more.txt").call();
      PersonIdent dev = new PersonIdent("Dev", "dev@acme.test");
      git.commit().setMessage("night two").setAuthor(dev).setCommitter(dev).setSign(false).call();
    }
  }

  private JsonNode list() throws Exception {
    CliRun r = CliRun.of("fleet", "list", "--ledger", ledger(), "--format", "json");
    assertEquals(0, r.exit(), r.err());
    return JSON.readTree(r.out()).get("repositories");
  }

  @Test
  void add_fromFile_addsEachLineAndNamesTheBadOnesByLine() throws Exception {
    Path a = repo("a");
    Path list = tmp.resolve("repos.txt");
    Files.writeString(
        list,
        "# the fleet\n"
            + a
            + "\n\nhttps://git.test/acme/b.git\nnot/a/repo\ngit@git.test:acme/c.git\n");
    CliRun r = CliRun.of("fleet", "add", "--from", list.toString(), "--ledger", ledger());
    assertEquals(ExitCode.USAGE.code(), r.exit(), r.err());
    assertTrue(r.err().contains("repos.txt:5: not a repository URL or existing folder"), r.err());
    assertEquals(3, list().size());
    CliRun again = CliRun.of("fleet", "add", a.toString(), "--ledger", ledger());
    assertEquals(0, again.exit(), again.err());
    assertTrue(again.err().contains("added 0 repositories (1 already in the fleet)"), again.err());
  }

  @Test
  void remove_takesARepositoryOutAndNamesAnUnknownOne() throws Exception {
    assertEquals(
        0, CliRun.of("fleet", "add", "https://git.test/acme/b.git", "--ledger", ledger()).exit());
    CliRun r =
        CliRun.of(
            "fleet",
            "remove",
            "https://git.test/acme/b.git",
            "https://git.test/x",
            "--ledger",
            ledger());
    assertEquals(ExitCode.USAGE.code(), r.exit());
    assertTrue(r.err().contains("not in the fleet: https://git.test/x"), r.err());
    assertEquals(0, list().size());
  }

  @Test
  void work_scansEveryDueRepositoryThenOnlyNewCommitsOnTheNextNight() throws Exception {
    String key = Keys.issuer();
    List<Path> repos = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      repos.add(i == 1 ? repo("r" + i, key) : repo("r" + i));
    }
    List<String> add = new ArrayList<>(List.of("fleet", "add", "--ledger", ledger()));
    repos.forEach(p -> add.add(p.toString()));
    assertEquals(0, CliRun.of(add.toArray(String[]::new)).exit());

    CliRun night1 = CliRun.of("fleet", "work", "--ledger", ledger(), "--threads", "1");
    assertEquals(ExitCode.FINDINGS.code(), night1.exit(), night1.err());
    assertTrue(night1.err().contains("3 repositories, 1 findings, 0 failed"), night1.err());
    for (JsonNode r : list()) {
      assertEquals(1, r.get("scans").asInt(), r.toString());
      assertEquals("ok", r.get("lastOutcome").asText());
    }
    CliRun nothingDue = CliRun.of("fleet", "work", "--ledger", ledger());
    assertEquals(0, nothingDue.exit(), nothingDue.err());
    assertTrue(nothingDue.err().contains("0 repositories"), nothingDue.err());

    commitMore(repos.get(2));
    CliRun night2 =
        CliRun.of(
            "fleet", "work", "--ledger", ledger(), "--rescan-after", "0s", "--max-repos", "5");
    // The key in r1 is carried forward (its blob re-read), as scan --incremental keeps it.
    assertEquals(ExitCode.FINDINGS.code(), night2.exit(), night2.err());
    assertTrue(night2.err().contains(repos.get(2) + ": 1 new commits"), night2.err());
    assertTrue(night2.err().contains(repos.get(0) + ": 0 new commits"), night2.err());
  }

  @Test
  void work_namesARepositoryThatCannotBeClonedAndExits3() throws Exception {
    assertEquals(
        0,
        CliRun.of("fleet", "add", "file:///" + tmp.resolve("missing.git"), "--ledger", ledger())
            .exit());
    CliRun r = CliRun.of("fleet", "work", "--ledger", ledger());
    assertEquals(ExitCode.PARTIAL.code(), r.exit(), r.err());
    assertTrue(r.err().contains("cannot scan file:///"), r.err());
    assertEquals("failed", list().get(0).get("lastOutcome").asText());
  }

  @Test
  void work_rejectsABadDeadlineNamingIt() {
    CliRun r = CliRun.of("fleet", "work", "--ledger", ledger(), "--deadline", "soon");
    assertEquals(ExitCode.USAGE.code(), r.exit());
    assertTrue(r.err().contains("--deadline is neither a duration"), r.err());
    assertFalse(r.err().contains("internal error"));
  }

  @Test
  void scanIncremental_withASharedLedgerKeepsItsStateInTheLedgerNotTheStateFolder()
      throws Exception {
    Path home = tmp.resolve("machine-a");
    String url = "jdbc:sqlite:" + tmp.resolve("shared.db");
    Path repo = repo("shared-repo", Keys.issuer());
    String saved = System.getProperty("keyhound.home");
    CliRun first;
    CliRun second;
    try {
      System.setProperty("keyhound.home", home.toString());
      first =
          CliRun.of("scan", "--incremental", "--ledger", url, "--format", "json", repo.toString());
      commitMore(repo);
      second =
          CliRun.of("scan", "--incremental", "--ledger", url, "--format", "json", repo.toString());
    } finally {
      if (saved == null) {
        System.clearProperty("keyhound.home");
      } else {
        System.setProperty("keyhound.home", saved);
      }
    }
    assertEquals(1, first.exit(), first.err());
    assertEquals(1, second.exit(), second.err());
    // The key is carried into the second report from the ledger's record of where it was found.
    assertEquals(1, JSON.readTree(second.out()).get("findings").size(), second.out());
    assertFalse(Files.exists(home.resolve("incremental.db")), "state went to the state folder");
    String head;
    try (Git git = Git.open(repo.toFile())) {
      head = git.getRepository().resolve("HEAD").name();
    }
    try (var ledger =
            dev.keyhound.remediation.Ledger.open(
                url,
                new dev.keyhound.remediation.SecretVault(new byte[32]),
                java.time.Clock.systemUTC());
        var store = new dev.keyhound.remediation.LedgerIncrementalStore(ledger)) {
      assertEquals(List.of(head), store.scannedTips(repo.toAbsolutePath().normalize().toString()));
    }
  }
}
