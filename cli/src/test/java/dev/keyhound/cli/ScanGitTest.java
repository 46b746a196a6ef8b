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
    new ObjectMapper()
        .readTree(json)
        .get("findings")
        .forEach(f -> f.get("occurrences").forEach(out::add));
    return out;
  }

  @Test
  void scan_reportsDeletedAndUnmergedKeysWithCommitAuthorAndRefs() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "json", "--quiet", dir.toString());

    assertEquals(1, run.exit(), run.err());
    List<JsonNode> occ = occurrences(run.out());
    assertEquals(2, occ.size());
    JsonNode env =
        occ.stream().filter(o -> o.get("path").asText().equals(".env")).findFirst().orElseThrow();
    assertEquals(envCommit.name(), env.get("commit").asText());
    assertEquals("Bob Builder", env.get("author_name").asText());
    assertEquals("bob@example.com", env.get("author_email").asText());
    assertEquals(1, env.get("line").asInt());
    assertEquals("git", env.get("source").asText());
    JsonNode topic =
        occ.stream().filter(o -> o.get("path").asText().equals("x.txt")).findFirst().orElseThrow();
    assertEquals(branchCommit.name(), topic.get("commit").asText());
    assertEquals("[\"refs/heads/topic\"]", topic.get("refs").toString());
    assertEquals(2, topic.get("line").asInt());
  }

  @Test
  void scan_withNoGitReadsOnlyTheFiles() throws Exception {
    CliRun run = CliRun.of("scan", "--no-git", "--format", "json", dir.toString());

    assertEquals(0, run.exit(), run.err());
    assertEquals(List.of(), occurrences(run.out()));
  }

  @Test
  void scan_branchAndSinceNarrowTheHistory() throws Exception {
    CliRun main = CliRun.of("scan", "--branch", "main", "--format", "json", dir.toString());
    CliRun since = CliRun.of("scan", "--since", "main", "--format", "json", dir.toString());

    assertEquals(
        List.of(".env"),
        occurrences(main.out()).stream().map(o -> o.get("path").asText()).toList());
    assertEquals(
        List.of("x.txt"),
        occurrences(since.out()).stream().map(o -> o.get("path").asText()).toList());
  }

  @Test
  void scan_unknownSinceRevisionIsAUsageError() {
    CliRun run = CliRun.of("scan", "--since", "nope", dir.toString());

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("nope"), run.err());
  }

  @Test
  void scan_clonesARemoteUrlAndRemovesTheClone() throws Exception {
    long before = clones();
    CliRun run = CliRun.of("scan", "--format", "json", dir.toUri().toString());

    assertEquals(1, run.exit(), run.err());
    assertEquals(2, occurrences(run.out()).size());
    assertEquals(before, clones());
  }

  @Test
  void scan_runsNoFilterFsmonitorOrHookFromTheRepository() throws Exception {
    Path marker = tmp.resolve("ran");
    String touch = "touch " + marker;
    Files.writeString(
        dir.resolve(".git/config"),
        "[filter \"evil\"]\n\tclean = "
            + touch
            + "\n\tsmudge = "
            + touch
            + "\n\trequired = true\n[core]\n\tfsmonitor = "
            + touch
            + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(dir.resolve(".gitattributes"), "* filter=evil\n");
    Files.writeString(dir.resolve("new.txt"), "uncommitted\n");
    for (String hook :
        List.of("pre-commit", "post-checkout", "pre-auto-gc", "reference-transaction")) {
      Path h = dir.resolve(".git/hooks/" + hook);
      Files.createDirectories(h.getParent());
      Files.writeString(h, "#!/bin/sh\n" + touch + "\n");
      h.toFile().setExecutable(true);
    }

    CliRun run = CliRun.of("scan", "--format", "json", dir.toString());

    assertEquals(1, run.exit(), run.err());
    assertTrue(Files.notExists(marker), "something from the repository ran");
  }

  @Test
  void scan_incrementalKeepsEarlierFindingsAndAddsNewOnes() throws Exception {
    Path state = tmp.resolve("state");
    String late = Keys.issuer();
    CliRun first;
    CliRun second;
    String saved = System.getProperty("keyhound.home");
    try (TestRepo repo = TestRepo.init(tmp.resolve("inc"))) {
      repo.write("a.txt", deletedKey + "\n").commit("first");
      first =
          withHome(
              state,
              () -> CliRun.of("scan", "--incremental", "--format", "json", repo.dir().toString()));
      repo.write("b.txt", late + "\n").commit("second");
      second =
          withHome(
              state,
              () -> CliRun.of("scan", "--incremental", "--format", "json", repo.dir().toString()));
    } finally {
      if (saved == null) {
        System.clearProperty("keyhound.home");
      } else {
        System.setProperty("keyhound.home", saved);
      }
    }

    assertEquals(
        List.of("a.txt"),
        occurrences(first.out()).stream().map(o -> o.get("path").asText()).toList());
    assertEquals(
        List.of("a.txt", "b.txt"),
        occurrences(second.out()).stream().map(o -> o.get("path").asText()).sorted().toList());
    assertTrue(Files.exists(state.resolve("incremental.db")));
  }

  /**
   * Points the state folder at a temp folder (the keyhound.home property wins over the
   * environment).
   */
  private static CliRun withHome(Path home, java.util.function.Supplier<CliRun> run) {
    System.setProperty("keyhound.home", home.toString());
    return run.get();
  }

  private static long clones() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("keyhound-clone-")).count();
    }
  }
}
