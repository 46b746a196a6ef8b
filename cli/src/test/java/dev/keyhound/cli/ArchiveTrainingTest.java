package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run that records the hook's class data archive also scans a made-up key (so that the archive
 * holds the classes of a commit with a finding), the one that records the scan's archive reads
 * sample documents (so that it holds the document parsers' classes), and each says and exits
 * exactly what it would without.
 */
class ArchiveTrainingTest {
  @TempDir Path dir;

  @Test
  void training_findsItsKey() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.txt", "x\n").commit("start");
      ProtectCommand c = new ProtectCommand();
      c.logging = new LoggingOptions();
      c.mode = new ProtectCommand.Mode();
      c.mode.staged = true;

      assertEquals(1, ArchiveTraining.exercise(c, ProtectCommand.startBuiltinRules(), dir));
    }
  }

  @Test
  void recordingRun_printsAndExitsAsAnyOther_cleanOrNot() {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.txt", "x\n").commit("start");
      protectRunsAlikeWithTraining(repo, dir);
    }
  }

  /**
   * A clean staged change, then one with a key: {@code protect} prints and exits the same with the
   * recording run's training as without.
   */
  static void protectRunsAlikeWithTraining(TestRepo repo, Path dir) {
    repo.stage("b.txt", "nothing\n");
    CliRun clean = CliRun.of("protect", "--staged", "--repo", dir.toString());
    CliRun cleanTraining = training("protect", "--staged", "--repo", dir.toString());
    repo.stage("conf/app.env", "A=1\nKEY=" + Keys.issuer() + "\n");
    CliRun key = CliRun.of("protect", "--staged", "--repo", dir.toString());
    CliRun keyTraining = training("protect", "--staged", "--repo", dir.toString());

    assertEquals(0, clean.exit(), clean.err());
    assertEquals(clean, cleanTraining);
    assertEquals(1, key.exit(), key.err());
    assertEquals(key, keyTraining);
  }

  /**
   * The scan's training finds its made-up keys in a file, in each kind of archive, in a notebook,
   * and in a history (packed, loose and in the work tree): the paths whose classes it is there to
   * load.
   */
  @Test
  void scans_findsItsKeysInEveryKindOfInput() throws Exception {
    ScanResult result =
        ArchiveTraining.scan(
            Scanner.create(
                RuleLoader.builtin(),
                new ScanOptions(2, ScanOptions.DEFAULT_MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
                new Fingerprinter(Fingerprinter.defaultKey())),
            ScanOptions.DEFAULT_MAX_FILE_SIZE,
            dir);

    String longName = "conf/" + "settings/".repeat(12) + "keys.env";
    Set<String> rules = new TreeSet<>();
    Set<String> places = new TreeSet<>();
    for (Finding f : result.findings()) {
      rules.add(f.ruleId());
      for (Occurrence o : f.occurrences()) {
        places.add(place(o.provenance()));
      }
    }
    assertTrue(
        rules.containsAll(
            Set.of(
                RuleSet.ISSUER_RULE_ID,
                "aws-access-key-id",
                "github-classic-token",
                "slack-token",
                "generic-password")),
        rules.toString());
    assertEquals(
        new TreeSet<>(
            Set.of(
                "file keys.env",
                "file keys.ipynb",
                "file keys.zip!conf/keys.env",
                "file keys.tar!" + longName,
                "file keys.tgz!" + longName,
                "file keys-utf16.txt",
                "file latin1.txt",
                "file keys.env.bz2!keys.env",
                "file keys.tar.xz!" + longName,
                "git settings.env",
                "file settings.env")),
        places);
    assertTrue(result.skipped().isEmpty(), result.skipped().toString());
  }

  private static String place(Provenance p) {
    if (p instanceof Provenance.ArchiveMember m) {
      return place(m.outer()) + "!" + m.member();
    }
    if (p instanceof Provenance.Git g) {
      return "git " + g.path();
    }
    return "file " + Path.of(((Provenance.File) p).path()).getFileName();
  }

  @Test
  void documents_readsEverySample() {
    assertEquals(8, ArchiveTraining.documents());
  }

  @Test
  void picocli_parsesAScanThatTheScansOwnEntryLeavesToIt() {
    assertEquals(0, ArchiveTraining.picocli());
  }

  @Test
  void scanRecordingRun_printsAndExitsAsAnyOther_cleanOrNot() throws IOException {
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Files.writeString(clean.resolve("a.txt"), "nothing\n");
    Path leak = Files.createDirectories(dir.resolve("leak"));
    Files.writeString(leak.resolve("app.env"), "A=1\nKEY=" + Keys.issuer() + "\n");
    Path history = dir.resolve("history");
    try (TestRepo repo = TestRepo.init(history)) {
      repo.write("app.env", "KEY=" + Keys.issuer() + "\n").commit("add");
    }
    List<String> before = trainingFolders();
    for (Path target : List.of(clean, leak, history)) {
      for (String format : List.of("text", "json", "sarif")) {
        String[] args = {"scan", target == history ? "--no-worktree" : "--no-git"};
        args =
            java.util.stream.Stream.concat(
                    java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--format", format, target.toString()))
                .toArray(String[]::new);
        CliRun plain = CliRun.of(args);
        CliRun training = training(args);

        assertEquals(target == clean ? 0 : 1, plain.exit(), plain.err());
        assertEquals(withoutTimes(plain), withoutTimes(training), target + " " + format);
      }
    }
    // The training's made-up folder and repository are removed after it.
    assertEquals(before, trainingFolders());
  }

  private static List<String> trainingFolders() throws IOException {
    try (java.util.stream.Stream<Path> all =
        Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return all.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("keyhound-archive-training-"))
          .sorted()
          .toList();
    }
  }

  /** The report's duration and date differ from run to run. */
  private static CliRun withoutTimes(CliRun run) {
    return new CliRun(
        run.exit(),
        run.out()
            .replaceAll(
                "\"(duration_ms|generated_at|endTimeUtc|startTimeUtc)\"\\s*:\\s*(\"[^\"]*\"|\\d+)",
                "\"$1\": 0")
            .replaceAll("\\bin \\d+(\\.\\d+)? ?m?s\\b", "in 0 ms"),
        run.err());
  }

  static CliRun training(String... args) {
    System.setProperty(ArchiveTraining.PROPERTY, "true");
    try {
      return CliRun.of(args);
    } finally {
      System.clearProperty(ArchiveTraining.PROPERTY);
    }
  }
}
