package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {
  @TempDir Path dir;

  @Test
  void list_printsTheIssuerRuleFirstAndAtLeastSixtyMore() {
    CliRun r = CliRun.of("rules", "list");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("keyhound-issuer-key"), r.out());
    assertTrue(r.out().lines().count() > 61, r.out());
  }

  @Test
  void check_passesForTheBuiltInPackAndGitleaksConfig() {
    CliRun builtin = CliRun.of("rules", "check");
    assertEquals(0, builtin.exit(), builtin.out());
    assertTrue(builtin.out().contains("0 problem(s)"), builtin.out());
    assertEquals(0, CliRun.of("rules", "check", SharedFiles.gitleaksToml().toString()).exit());
  }

  @Test
  void check_reportsAnExampleTheRuleMissesWithoutPrintingIt() throws Exception {
    Path file = dir.resolve("mine.toml");
    Files.writeString(
        file,
        """
        [[rules]]
        id = "acme-token"
        description = "Acme token"
        regex = '''acme_[a-z0-9]{20}'''
        keywords = ["acme_"]
        examples = ["token = acme_0123456789abcdefghij", "token = acme_SHOUTING0123456789AB"]
        negative_examples = ["token = acme_short"]
        """);
    CliRun r = CliRun.of("rules", "check", file.toString());
    assertEquals(1, r.exit(), r.out());
    assertTrue(r.out().contains("acme-token: example-not-matched"), r.out());
    assertFalse(r.out().contains("SHOUTING0123456789AB"), r.out());
  }

  @Test
  void check_namesTheRuleAndFileOfARegexRe2CannotCompile() throws Exception {
    Path file = dir.resolve("bad.toml");
    Files.writeString(
        file,
        """
        [[rules]]
        id = "broken"
        regex = '''(unclosed'''
        """);
    CliRun r = CliRun.of("rules", "check", file.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("bad.toml") && r.err().contains("broken"), r.err());
  }
}
