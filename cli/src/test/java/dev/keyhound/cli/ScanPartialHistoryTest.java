package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command says about a history it cannot see whole: a shallow clone, submodules. */
class ScanPartialHistoryTest {
  @TempDir Path tmp;

  @Test
  void scan_shallowCloneWarnsAndMarksBoundaryOccurrencesInJson() throws Exception {
    String old = Keys.issuer();
    RevCommit tip;
    try (TestRepo repo = TestRepo.init(tmp.resolve("origin"))) {
      repo.write("old.txt", "key=" + old + "\n").commit("old", "Olga Old", "olga@example.com");
      tip = repo.write("x.txt", "1\n").commit("tip", "Tim Tip", "tim@example.com");
    }
    Path clone = tmp.resolve("clone");
    git(tmp, "clone", "-q", "--depth", "1", "file://" + tmp.resolve("origin"), clone.toString());

    CliRun run = CliRun.of("scan", "--format", "json", "--quiet", clone.toString());

    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("history is cut"), run.err());
    JsonNode o = new ObjectMapper().readTree(run.out()).at("/findings/0/occurrences/0");
    assertEquals(tip.name(), o.get("commit").asText());
    assertTrue(o.get("boundary").asBoolean(), o.toString());
  }

  @Test
  void scan_fullHistoryHasNoBoundaryField() throws Exception {
    try (TestRepo repo = TestRepo.init(tmp.resolve("r"))) {
      repo.write("k.txt", "key=" + Keys.issuer() + "\n").commit("k");
    }

    CliRun run = CliRun.of("scan", "--format", "json", "--quiet", tmp.resolve("r").toString());

    JsonNode o = new ObjectMapper().readTree(run.out()).at("/findings/0/occurrences/0");
    assertFalse(o.has("boundary"), o.toString());
    assertFalse(run.err().contains("history is cut"), run.err());
  }

  @Test
  void scan_summarySaysHowManySubmodulesWereNotEntered() throws Exception {
    Path dir = tmp.resolve("r");
    try (TestRepo repo = TestRepo.init(dir)) {
      RevCommit first = repo.write("a.txt", "1\n").commit("one");
      git(dir, "update-index", "--add", "--cacheinfo", "160000," + first.name() + ",vendor/a");
      git(dir, "update-index", "--add", "--cacheinfo", "160000," + first.name() + ",vendor/b");
      git(dir, "commit", "-qm", "two submodules");
    }

    CliRun run = CliRun.of("scan", dir.toString());

    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains(", 2 submodule(s) not entered"), run.out());
  }

  private static void git(Path dir, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertEquals(0, p.waitFor(), String.join(" ", command));
  }
}
