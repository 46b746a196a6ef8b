package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtectCommandTest {
  @TempDir Path dir;

  @Test
  void staged_keyFailsWithFileLineRuleAndHowToAllow() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.txt", "x\n").commit("start");
      repo.stage("conf/app.env", "A=1\nKEY=" + Keys.issuer() + "\n");

      CliRun run = CliRun.of("protect", "--staged", "--repo", dir.toString());

      assertEquals(1, run.exit());
      assertTrue(run.err().contains("conf/app.env:2  " + RuleSet.ISSUER_RULE_ID), run.err());
      assertTrue(run.err().contains("keyhound:allow"), run.err());
      assertEquals("", run.out());
    }
  }

  @Test
  void staged_keyWhoseIdIsInKeyhoundignorePassesSilently() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      String key = Keys.issuer();
      repo.write("a.txt", "x\n").commit("start");
      repo.stage("conf/app.env", "KEY=" + key + "\n");
      String id =
          new dev.keyhound.scanner.Fingerprinter(dev.keyhound.scanner.Fingerprinter.defaultKey())
              .findingId(RuleSet.ISSUER_RULE_ID, key);
      java.nio.file.Files.writeString(
          dir.resolve(".keyhoundignore"), "# revoked test key\n" + id + "\n");

      CliRun run = CliRun.of("protect", "--staged", "--repo", dir.toString());

      assertEquals(0, run.exit(), run.err());
      assertEquals("", run.out() + run.err());
    }
  }

  @Test
  void staged_cleanChangePrintsNothingAndExitsZero() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.stage("a.txt", "nothing to see\n");

      CliRun run = CliRun.of("protect", "--staged", "--repo", dir.toString());

      assertEquals(0, run.exit(), run.err());
      assertEquals("", run.out() + run.err());
    }
  }

  @Test
  void prePush_reportsKeyInCommitsBeingPushedButNotInCommitsTheRemoteHas() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      RevCommit old = repo.write("old.txt", Keys.issuer() + "\n").commit("already pushed");
      RevCommit head = repo.write("new.txt", "ok\n" + Keys.issuer() + "\n").commit("new work");
      String zero = ObjectId.zeroId().name();

      CliRun pushNew =
          withStdin(
              "refs/heads/main " + head.name() + " refs/heads/main " + old.name() + "\n",
              () -> CliRun.of("protect", "--pre-push", "--repo", dir.toString()));
      CliRun deleteOnly =
          withStdin(
              "(delete) " + zero + " refs/heads/x " + old.name() + "\n",
              () -> CliRun.of("protect", "--pre-push", "--repo", dir.toString()));

      assertEquals(1, pushNew.exit(), pushNew.err());
      assertTrue(pushNew.err().contains("new.txt:2"), pushNew.err());
      assertTrue(!pushNew.err().contains("old.txt"), pushNew.err());
      assertEquals(0, deleteOnly.exit(), deleteOnly.err());
    }
  }

  @Test
  void protect_needsExactlyOneMode() {
    assertEquals(2, CliRun.of("protect", "--repo", dir.toString()).exit());
    assertEquals(2, CliRun.of("protect", "--staged", "--pre-push").exit());
  }

  private static CliRun withStdin(String input, java.util.function.Supplier<CliRun> run) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    try {
      return run.get();
    } finally {
      System.setIn(saved);
    }
  }
}
