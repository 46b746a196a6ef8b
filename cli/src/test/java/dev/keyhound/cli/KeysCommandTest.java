package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import org.junit.jupiter.api.Test;

class KeysCommandTest {
  @Test
  void mint_printsAValidLiveKeyAndTestKeyWithFlag() {
    String live = CliRun.of("keys", "mint").out().strip();
    String test = CliRun.of("keys", "mint", "--test").out().strip();
    assertTrue(live.startsWith("sk_live_"), live);
    assertTrue(test.startsWith("sk_test_"), test);
    assertEquals(KeyFormat.Validity.VALID, KeyFormat.ISSUER.check(live));
    assertEquals(KeyFormat.Validity.VALID, KeyFormat.ISSUER.check(test));
  }

  @Test
  void check_exitsZeroForTheTestVectorAndOneForAnyAlteration() {
    assertEquals(
        0, CliRun.of("keys", "check", "sk_test_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4").exit());
    CliRun bad = CliRun.of("keys", "check", "sk_test_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e5");
    assertEquals(1, bad.exit());
    assertTrue(bad.out().contains("bad checksum"), bad.out());
    assertEquals(1, CliRun.of("keys", "check", "hello").exit());
  }

  @Test
  void version_andHelpWorkOnEveryCommand() {
    assertTrue(CliRun.of("--version").out().startsWith("keyhound "));
    for (String[] args :
        new String[][] {
          {"--help"},
          {"scan", "--help"},
          {"keys", "--help"},
          {"keys", "mint", "--help"},
          {"keys", "check", "--help"}
        }) {
      CliRun r = CliRun.of(args);
      assertEquals(0, r.exit(), String.join(" ", args));
      assertTrue(r.out().contains("Usage:"), String.join(" ", args));
    }
  }

  @Test
  void mintAndCheck_followTheConfiguredIssuerFormat(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path cfg = dir.resolve("k.toml");
    java.nio.file.Files.writeString(
        cfg, "[issuer.format]\nprefixes = [\"acme_live_\", \"acme_test_\"]\nbody_length = 24\n");
    String key = CliRun.of("keys", "mint", "--config", cfg.toString()).out().strip();
    assertTrue(key.matches("acme_live_[0-9A-Za-z]{30}"), key);
    assertEquals(0, CliRun.of("keys", "check", "--config", cfg.toString(), key).exit());
    assertEquals(1, CliRun.of("keys", "check", key).exit());
  }
}
