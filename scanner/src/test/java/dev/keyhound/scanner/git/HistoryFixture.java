package dev.keyhound.scanner.git;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The history every git test scans: branches, merges, a tag, a rename, a deleted {@code .env}, a
 * key added then removed, and a key only on an unmerged branch. Each planted key is remembered with
 * where it was introduced.
 */
final class HistoryFixture {
  /** Where a planted key must be reported. */
  record Expected(String key, String path, String commit, String author, String email, int line) {}

  final TestRepo repo;
  final String envKey = Keys.issuer();
  final String removedKey = Keys.issuer();
  final String featureKey = Keys.issuer();
  final String spikeKey = Keys.issuer();
  final RevCommit afterRemoval;
  final RevCommit envCommit;
  final RevCommit removedCommit;
  final RevCommit featureCommit;
  final RevCommit renameCommit;
  final RevCommit spikeCommit;

  HistoryFixture(Path dir) {
    repo = TestRepo.init(dir);
    repo.write("README.md", "# demo\n").write("app.py", "print('hello')\n").commit("initial");
    repo.write(".env", "DEBUG=1\nISSUER_KEY=" + envKey + "\n");
    envCommit = repo.commit("add env", "Bob Builder", "bob@example.com");
    repo.delete(".env").commit("remove env");
    repo.write("config.py", "a = 1\nb = 2\nkey = '" + removedKey + "'\n");
    removedCommit = repo.commit("configure", "Bob Builder", "bob@example.com");
    repo.write("config.py", "a = 1\nb = 2\n");
    afterRemoval = repo.commit("oops, remove key");
    repo.branch("feature").write("settings/prod.yml", "token: " + featureKey + "\n");
    featureCommit = repo.commit("prod settings", "Carol Coder", "carol@example.com");
    repo.write("settings/other.yml", "x: 1\n")
        .commit("other settings", "Carol Coder", "carol@example.com");
    repo.checkout("main").write("app.py", "print('hello world')\n").commit("greet the world");
    repo.merge("feature", "merge feature");
    repo.rename("settings/prod.yml", "deploy/prod.yml");
    renameCommit = repo.commit("move settings");
    repo.tag("v1.0");
    repo.branch("spike").write("spike.txt", "1\n2\n3\n4\nsecret " + spikeKey + "\n");
    spikeCommit = repo.commit("spike", "Dave Doe", "dave@example.com");
    repo.checkout("main");
  }

  List<Expected> expected() {
    return List.of(
        new Expected(envKey, ".env", envCommit.name(), "Bob Builder", "bob@example.com", 2),
        new Expected(
            removedKey, "config.py", removedCommit.name(), "Bob Builder", "bob@example.com", 3),
        new Expected(
            featureKey,
            "settings/prod.yml",
            featureCommit.name(),
            "Carol Coder",
            "carol@example.com",
            1),
        new Expected(
            featureKey,
            "deploy/prod.yml",
            renameCommit.name(),
            "Alice Example",
            "alice@example.com",
            1),
        new Expected(spikeKey, "spike.txt", spikeCommit.name(), "Dave Doe", "dave@example.com", 5));
  }

  static ScanResult scan(Source source) {
    Scanner scanner =
        Scanner.create(
            RuleLoader.builtin(),
            new ScanOptions(
                2,
                ScanOptions.DEFAULT_MAX_FILE_SIZE,
                dev.keyhound.scanner.detect.DetectorOptions.DEFAULTS),
            new Fingerprinter(new byte[32]));
    return scanner.scan(List.of(source.describe()), List.of(source));
  }

  /**
   * Every (key, path, commit, author, email, line) reported, for comparison with {@link
   * #expected()}.
   */
  static List<Expected> reported(ScanResult result) {
    return result.findings().stream()
        .flatMap(f -> f.occurrences().stream().map(o -> toExpected(f.secret(), o)))
        .toList();
  }

  private static Expected toExpected(String key, Occurrence o) {
    if (o.provenance() instanceof Provenance.Git g) {
      return new Expected(key, g.path(), g.commit(), g.authorName(), g.authorEmail(), o.line());
    }
    return new Expected(key, o.provenance().path(), null, null, null, o.line());
  }
}
