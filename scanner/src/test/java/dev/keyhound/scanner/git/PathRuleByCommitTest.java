package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner remembers, per path, which path-only rules' patterns find in it (a history holds one
 * path in many commits); what it remembers is the pattern only: a commit allowlist still decides at
 * each commit, and a path the patterns do not find stays without a finding.
 */
class PathRuleByCommitTest {

  @Test
  void aCommitAllowlistStillDecidesPerCommitForAPathSeenBefore(@TempDir Path dir) throws Exception {
    RevCommit first;
    RevCommit second;
    RevCommit third;
    try (TestRepo repo = TestRepo.init(dir)) {
      first = repo.write("deploy/signing.p12", "one\n").write("a.p12.txt", "x\n").commit("one");
      second = repo.write("deploy/signing.p12", "two\n").commit("two");
      third = repo.write("deploy/signing.p12", "three\n").commit("three");
    }
    RuleSet rules =
        RuleLoader.parse(
            """
            [[rules]]
            id = "keystore"
            path = '''\\.p12$'''

            [[allowlists]]
            commits = ["%s"]
            """
                .formatted(second.name()),
            "rules.toml");
    ScanResult result =
        Scanner.create(
                rules,
                new ScanOptions(2, ScanOptions.DEFAULT_MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
                new Fingerprinter(new byte[32]))
            .scan(
                List.of("repo"),
                List.of(
                    new GitHistorySource(
                        dir,
                        "repo",
                        GitScope.everything().withoutWorktree(),
                        ScanOptions.DEFAULT_MAX_FILE_SIZE)));

    Set<String> places =
        result.findings().stream()
            .flatMap(f -> f.occurrences().stream())
            .map(o -> o.provenance().path() + "@" + o.provenance().commit())
            .collect(Collectors.toSet());
    assertEquals(
        Set.of("deploy/signing.p12@" + first.name(), "deploy/signing.p12@" + third.name()), places);
  }
}
