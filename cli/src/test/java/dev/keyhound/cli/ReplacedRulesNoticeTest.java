package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplacedRulesNoticeTest {
  @TempDir Path dir;

  private static final String OWN_RULES =
      "[[rules]]\nid = \"internal-token\"\nregex = '''itok_[a-z0-9]{16}'''\n";

  @Test
  void rulesWithoutExtend_areSaidOnceToReplaceTheBuiltinPackAndQuietSilencesIt() throws Exception {
    Files.writeString(dir.resolve(".keyhound.toml"), OWN_RULES);

    CliRun loud = CliRun.of("scan", "--no-git", dir.toString());
    CliRun quiet = CliRun.of("scan", "--no-git", "--quiet", dir.toString());

    assertEquals(1, loud.err().split("replace the built-in rules", -1).length - 1, loud.err());
    assertFalse(quiet.err().contains("built-in"), quiet.err());
  }

  @Test
  void rulesWithExtend_sayNothing() throws Exception {
    Files.writeString(dir.resolve(".keyhound.toml"), "[extend]\nuseDefault = true\n\n" + OWN_RULES);

    CliRun r = CliRun.of("scan", "--no-git", dir.toString());

    assertFalse(r.err().contains("built-in"), r.err());
  }
}
