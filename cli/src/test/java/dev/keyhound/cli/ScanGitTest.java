package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanGitTest {
  @TempDir Path tmp;
  Path dir;
  String deletedKey = Keys.issuer();
  String branchKey = Keys.issuer();
  RevCommit envCommit;
  RevCommit branchCommit;

  @BeforeEach
  void history() {
    dir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("README.md", "hi\n").commit("initial");
      repo.write(".env", "KEY=" + deletedKey + "\n");
      envCommit = repo.commit("env", "Bob Builder", "bob@example.com");
      repo.delete(".env").commit("drop env");
      repo.branch("topic").write("x.txt", "a\n" + branchKey + "\n");
      branchCommit = repo.commit("topic work", "Carol Coder", "carol@example.com");
      repo.checkout("main");
    }
  }

  private static List<JsonNode> occurrences(String json) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper().readTree(json).get("findings").forEach(f -> f.get("occurrences").forEach(out::add));
    return out;
  }

  @Test
  void scan_reportsDeletedAndUnmergedKeysWithCommitAuthorAndRefs() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "json", "--quiet", dir.toString());

    assertEquals(1, run.code(), run.err());
    List<JsonNode> occ = occurrences(run.out());
    assertEquals(2, occ.size());
    JsonNode env = occ.stream().filter(o -> o.get("path").asText().equals(".env")).findFirst().orElseThrow();
    assertEquals(envCommit.name(), env.get("commit").asText());
    assertEquals("Bob Builder", env.get("author_name").asText());
    assertEquals("bob@example.com", env.get("author_email").asText());
    assertEquals(1, env.get("line").asInt());
    assertEquals("git", env.get("source").asText());
    JsonNode topic = occ.stream().filter(o -> o.get("path").asText().equals("x.txt")).findFirst().orElseThrow();
    assertEquals(branchCommit.name(), topic.get("commit").asText());
    assertEquals("[\"refs/heads/topic\"]", topic.get("refs").toString());
    assertEquals(2, topic.get("line").asInt());
  }

  @Test
  void scan_withNoGitReadsOnlyTheFiles() throws Exception {
    CliRun run = CliRun.of("scan", "--no-git", "--format", "json", dir.toString());

    assertEquals(0, run.code(), run.err());
    assertEquals(List.of(), occurrences(run.out()));
  }

  @Test
  void scan_branchAndSinceNarrowTheHistory() throws Exception {
    CliRun main = CliRun.of("scan", "--branch", "main", "--format", "json", dir.toString());
    CliRun since = CliRun.of("scan", "--since", "main", "--format", "json", dir.toString());

    assertEquals(List.of(".env"), occurrences(main.out()).stream().map(o -> o.get("path").asText()).toList());
    assertEquals(List.of("x.txt"), occurrences(since.out()).stream().map(o -> o.get("path").asText()).toList());
  }

  @Test
  void scan_unknownSinceRevisionIsAUsageError() {
    CliRun run = CliRun.of("scan", "--since", "nope", dir.toString());

    assertEquals(2, run.code());
    assertTrue(run.err().contains("nope"), run.err());
  }

  @Test
  void scan_clonesARemoteUrlAndRemovesTheClone() throws Exception {
    long before = clones();
    CliRun run = CliRun.of("scan", "--format", "json", dir.toUri().toString());

    assertEquals(1, run.code(), run.err());
    assertEquals(2, occurrences(run.out()).size());
    assertEquals(before, clones());
  }

  private static long clones() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("keyhound-clone-")).count();
    }
  }
}
