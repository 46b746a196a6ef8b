package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run that records the hook's class data archive also scans a made-up key (so that the archive
 * holds the classes of a commit with a finding), and says and exits exactly what it would without.
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
  }

  private static CliRun training(String... args) {
    System.setProperty(ArchiveTraining.PROPERTY, "true");
    try {
      return CliRun.of(args);
    } finally {
      System.clearProperty(ArchiveTraining.PROPERTY);
    }
  }
}
