package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommitterTest {
  @TempDir Path tmp;
  Path dir;
  RevCommit patched;

  @BeforeEach
  void history() {
    dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("README.md", "hi\n").commit("initial");
      repo.write("deploy/.env", "KEY=" + Keys.issuer() + "\n");
      // A maintainer applies a contributor's patch: the contributor is the author, the maintainer
      // the committer.
      patched =
          repo.commit(
              "apply patch",
              "Paula Patch",
              "paula@example.com",
              "Max Maintainer",
              "max@example.com");
    }
  }

  @Test
  void scan_jsonNamesAuthorAndCommitterOfAHistoryOccurrence() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "json", "--quiet", dir.toString());

    assertEquals(1, run.exit(), run.err());
    JsonNode o =
        new ObjectMapper().readTree(run.out()).get("findings").get(0).get("occurrences").get(0);
    assertEquals(patched.name(), o.get("commit").asText());
    assertEquals("Paula Patch", o.get("author_name").asText());
    assertEquals("paula@example.com", o.get("author_email").asText());
    assertEquals("Max Maintainer", o.get("committer_name").asText());
    assertEquals("max@example.com", o.get("committer_email").asText());
  }

  @Test
  void scan_textNamesTheCommitterWhenItIsNotTheAuthor() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "text", "--quiet", dir.toString());

    assertEquals(1, run.exit(), run.err());
    assertTrue(
        run.out()
            .contains(
                "by Paula Patch <paula@example.com>, committed by Max Maintainer <max@example.com>"),
        run.out());
  }
}
