package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import dev.keyhound.scanner.testing.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistorySourceTest {
  @TempDir static Path shared;
  static HistoryFixture fixture;

  @BeforeAll
  static void buildHistory() {
    fixture = new HistoryFixture(shared.resolve("repo"));
  }

  private static GitHistorySource source(GitScope scope) {
    return new GitHistorySource(
        fixture.repo.dir(), "repo", scope, ScanOptions.DEFAULT_MAX_FILE_SIZE);
  }

  @Test
  void scan_reportsEveryPlantedKeyAtItsIntroducingCommitAndNothingElse() {
    ScanResult result = HistoryFixture.scan(source(GitScope.everything()));

    assertEquals(Set.copyOf(fixture.expected()), Set.copyOf(HistoryFixture.reported(result)));
    assertEquals(fixture.expected().size(), HistoryFixture.reported(result).size());
    assertEquals(List.of(), result.skipped());
  }

  @Test
  void scan_reportsKeyOnUnmergedBranchWithOnlyThatBranchAsRef() {
    ScanResult result = HistoryFixture.scan(source(GitScope.everything()));

    Provenance.Git spike = gitOccurrences(result, fixture.spikeKey).get(0);
    assertEquals(List.of("refs/heads/spike"), spike.refs());
  }

  @Test
  void scan_listsEveryRefThatReachesTheIntroducingCommit() throws Exception {
    ScanResult result = HistoryFixture.scan(source(GitScope.everything()));

    Provenance.Git env = gitOccurrences(result, fixture.envKey).get(0);
    assertEquals(
        List.of("refs/heads/feature", "refs/heads/main", "refs/heads/spike", "refs/tags/v1.0"),
        env.refs());
    assertEquals(
        fixture
            .repo
            .repository()
            .parseCommit(fixture.envCommit)
            .getAuthorIdent()
            .getWhenAsInstant(),
        env.date());
  }

  @Test
  void scan_withBranchLimitsToThatRef() {
    ScanResult result =
        HistoryFixture.scan(source(new GitScope(List.of("main"), List.of(), false)));

    assertTrue(result.findings().stream().noneMatch(f -> f.secret().equals(fixture.spikeKey)));
    assertEquals(3, result.findings().size());
  }

  @Test
  void scan_sinceRevisionSkipsCommitsItReaches() {
    ScanResult result =
        HistoryFixture.scan(
            source(new GitScope(List.of(), List.of(fixture.afterRemoval.name()), false)));

    Set<String> secrets = new HashSet<>();
    result.findings().forEach(f -> secrets.add(f.secret()));
    assertEquals(Set.of(fixture.featureKey, fixture.spikeKey), secrets);
  }

  @Test
  void emit_readsEachBlobOnceWithEveryPathThatIntroducedIt() throws Exception {
    List<SourceItem> items = collect(source(GitScope.everything().withoutWorktree())).items;

    Set<String> ids = new HashSet<>();
    items.forEach(i -> assertTrue(ids.add(i.blob().id()), "blob emitted twice: " + i.blob().id()));
    SourceItem prod =
        items.stream()
            .filter(
                i ->
                    new String(i.blob().bytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains(fixture.featureKey))
            .findFirst()
            .orElseThrow();
    assertEquals(
        Set.of("settings/prod.yml", "deploy/prod.yml"),
        Set.copyOf(prod.provenances().stream().map(Provenance::path).toList()));
  }

  @Test
  void scan_includesUncommittedWorktreeFilesUnlessAskedNot() throws Exception {
    String key = Keys.issuer();
    Path file = fixture.repo.dir().resolve("local.env");
    Files.writeString(file, "K=" + key + "\n");
    try {
      ScanResult with = HistoryFixture.scan(source(GitScope.everything()));
      ScanResult without = HistoryFixture.scan(source(GitScope.everything().withoutWorktree()));

      Finding local =
          with.findings().stream().filter(f -> f.secret().equals(key)).findFirst().orElseThrow();
      assertEquals(new Provenance.File("local.env"), local.occurrences().get(0).provenance());
      assertTrue(without.findings().stream().noneMatch(f -> f.secret().equals(key)));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void scan_reportsMissingBlobAndGoesOnWithTheRest(@TempDir Path tmp) throws Exception {
    HistoryFixture broken = new HistoryFixture(tmp.resolve("broken"));
    ObjectId envBlob = broken.repo.repository().resolve(broken.envCommit.name() + ":.env");
    String hex = envBlob.name();
    Files.delete(
        broken.repo.dir().resolve(".git/objects/" + hex.substring(0, 2) + "/" + hex.substring(2)));

    ScanResult result =
        HistoryFixture.scan(
            new GitHistorySource(
                broken.repo.dir(),
                "broken",
                GitScope.everything(),
                ScanOptions.DEFAULT_MAX_FILE_SIZE));

    assertTrue(result.hasErrors());
    assertTrue(
        result.skipped().stream()
            .anyMatch(
                s ->
                    s.reason() == Skipped.Reason.UNREADABLE
                        && s.location().startsWith(".env@")
                        && s.detail().contains(hex)),
        result.skipped().toString());
    assertEquals(3, result.findings().size());
  }

  @Test
  void scan_streamsTextBlobsOverTheSizeLimitInsteadOfSkippingThem() throws Exception {
    ScanResult result =
        HistoryFixture.scan(
            new GitHistorySource(
                fixture.repo.dir(), "repo", GitScope.everything().withoutWorktree(), 20));

    assertEquals(List.of(), result.skipped());
    assertEquals(Set.copyOf(fixture.expected()), Set.copyOf(HistoryFixture.reported(result)));
  }

  @Test
  void scan_readsBareClone(@TempDir Path tmp) throws Exception {
    Path bare = tmp.resolve("bare.git");
    Git.cloneRepository()
        .setURI(fixture.repo.dir().toUri().toString())
        .setBare(true)
        .setCloneAllBranches(true)
        .setDirectory(bare.toFile())
        .call()
        .close();

    ScanResult result =
        HistoryFixture.scan(
            new GitHistorySource(
                bare, "bare", GitScope.everything(), ScanOptions.DEFAULT_MAX_FILE_SIZE));

    assertEquals(Set.copyOf(fixture.expected()), Set.copyOf(HistoryFixture.reported(result)));
  }

  @Test
  void scan_reportsKeysInTheNewestAndOlderStashes(@TempDir Path tmp) throws Exception {
    String older = Keys.issuer();
    String newer = Keys.issuer();
    try (dev.keyhound.scanner.testing.TestRepo repo =
        dev.keyhound.scanner.testing.TestRepo.init(tmp)) {
      repo.write("a.txt", "a\n").commit("start");
      repo.write("a.txt", "k=" + older + "\n");
      repo.git().stashCreate().call();
      repo.write("a.txt", "k=" + newer + "\n");
      repo.git().stashCreate().call();

      ScanResult result =
          HistoryFixture.scan(
              new GitHistorySource(
                  tmp,
                  "stash",
                  GitScope.everything().withoutWorktree(),
                  ScanOptions.DEFAULT_MAX_FILE_SIZE));

      Set<String> secrets = new HashSet<>();
      result.findings().forEach(f -> secrets.add(f.secret()));
      assertEquals(Set.of(older, newer), secrets);
    }
  }

  @Test
  void validate_namesAnUnknownRevision() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> source(new GitScope(List.of(), List.of("no-such-branch"), false)).validate());
    assertTrue(e.getMessage().contains("no-such-branch"), e.getMessage());
  }

  private static List<Provenance.Git> gitOccurrences(ScanResult result, String secret) {
    return result.findings().stream()
        .filter(f -> f.secret().equals(secret))
        .flatMap(f -> f.occurrences().stream())
        .map(o -> (Provenance.Git) o.provenance())
        .toList();
  }

  static Collected collect(Source source) throws Exception {
    Collected c = new Collected();
    source.emit(c);
    return c;
  }

  static final class Collected implements Source.Sink {
    final List<SourceItem> items = Collections.synchronizedList(new ArrayList<>());
    final List<Skipped> skipped = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void accept(SourceItem item) {
      items.add(item);
    }

    @Override
    public void skipped(Skipped s) {
      skipped.add(s);
    }
  }
}
