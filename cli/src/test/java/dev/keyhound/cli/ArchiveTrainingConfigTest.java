package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording runs also load a made-up {@code .keyhound.toml} ({@link ArchiveTraining#config}):
 * it uses what real ones use, loads, and leaves what the run prints and exits with as it was.
 */
class ArchiveTrainingConfigTest {
  @TempDir Path dir;

  @Test
  void config_loadsTheSampleOnTopOfTheBuiltinPack() {
    assertEquals(RuleLoader.builtin().rules().size() + 1, ArchiveTraining.config());
  }

  @Test
  void sample_usesWhatRealConfigsUse() throws Exception {
    RuleSet rules = RuleLoader.parse(ArchiveTraining.SAMPLE_CONFIG, "sample.toml");
    Rule own = rules.rule("archive-training-token");

    assertEquals(1, own.secretGroup());
    assertEquals(3.5, own.entropy());
    assertEquals(2, own.keywords().size());
    assertEquals(1, own.allowlists().size());
    assertEquals(RuleLoader.builtin().allowlists().size() + 1, rules.allowlists().size());
    assertTrue(RuleLoader.builtin().rules().size() < rules.rules().size());
  }

  @Test
  void recordingRun_inARepositoryWithAConfig_printsAndExitsAsAnyOther() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("a.txt", "x\n").commit("start");
      Files.writeString(
          dir.resolve(Config.DEFAULT_NAME),
          "[extend]\nuseDefault = true\n[allowlist]\npaths = ['''vendor/''']\n");
      ArchiveTrainingTest.protectRunsAlikeWithTraining(repo, dir);
    }
  }
}
