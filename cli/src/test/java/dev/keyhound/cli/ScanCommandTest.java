package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.rules.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void scan_exitsZeroAndSaysSoWhenNothingIsFound() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "hello\n");
    CliRun r = CliRun.of("scan", dir.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("no leaks found"), r.out());
  }

  @Test
  void scan_jsonHasTheV1ShapeAndRedactsTheSecret() throws Exception {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    Files.writeString(dir.resolve("app.env"), "# config\nWORKOS_KEY=" + key + "\n");
    CliRun r = CliRun.of("scan", "--format", "json", dir.toString());
    assertEquals(1, r.exit(), r.err());
    assertFalse(r.out().contains(key), "the raw key must not be printed");
    JsonNode root = JSON.readTree(r.out());
    assertEquals("keyhound/v1", root.get("schema").asText());
    assertEquals("keyhound", root.at("/tool/name").asText());
    assertEquals(1, root.at("/scan/files_scanned").asInt());
    assertTrue(root.at("/scan/duration_ms").isNumber());
    JsonNode f = root.at("/findings/0");
    assertEquals("keyhound-issuer-key", f.get("rule_id").asText());
    assertEquals("sk_live_…" + key.substring(key.length() - 4), f.get("redacted").asText());
    assertTrue(f.get("checksum_valid").asBoolean());
    assertFalse(f.has("secret"));
    assertEquals(32, f.get("id").asText().length());
    JsonNode o = f.at("/occurrences/0");
    assertEquals("app.env", o.get("path").asText());
    assertEquals(2, o.get("line").asInt());
    assertEquals(12, o.get("column").asInt());
    assertTrue(o.get("commit").isNull());
    assertTrue(o.get("author_email").isNull());
  }

  @Test
  void scan_showSecretsPrintsTheRawValue() throws Exception {
    String key = KeyFormat.ISSUER.mint("sk_test_");
    Files.writeString(dir.resolve("a.env"), "K=" + key + "\n");
    CliRun r = CliRun.of("scan", "--format", "json", "--show-secrets", dir.toString());
    assertEquals(key, JSON.readTree(r.out()).at("/findings/0/secret").asText());
    assertTrue(CliRun.of("scan", "--show-secrets", dir.toString()).out().contains(key));
  }

  @Test
  void scan_writesAReportFileWhoseFormatComesFromItsExtension() throws Exception {
    Files.writeString(dir.resolve("a.env"), "K=" + KeyFormat.ISSUER.mint("sk_live_") + "\n");
    Path report = dir.resolve("out/report.json");
    Files.createDirectories(report.getParent());
    CliRun r = CliRun.of("scan", "--report", report.toString(), dir.resolve("a.env").toString());
    assertEquals(1, r.exit(), r.err());
    assertEquals(1, JSON.readTree(report.toFile()).get("findings").size());
  }

  @Test
  void scan_exitsTwoAndNamesATargetThatDoesNotExist() {
    CliRun r = CliRun.of("scan", dir.resolve("missing").toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("missing"), r.err());
  }

  @Test
  void scan_withItsOwnRules_keepsTheirPlansInTheCacheFolder_andFindsTheSameNextTime()
      throws Exception {
    Path cache = dir.resolve("cache");
    String saved = System.getProperty("keyhound.cache-dir");
    System.setProperty("keyhound.cache-dir", cache.toString());
    try {
      Path config = dir.resolve("rules.toml");
      Files.writeString(
          config,
          "[[rules]]\nid = \"acme-token\"\ndescription = \"Acme token\"\n"
              + "regex = '''acme_[a-z0-9]{24}'''\nkeywords = [\"acme_\"]\n");
      Path tree = Files.createDirectories(dir.resolve("tree"));
      Files.writeString(tree.resolve("a.py"), "token = 'acme_0123456789abcdefghijklmn'\n");
      String[] args = {
        "scan", "--no-git", "--format", "json", "--config", config.toString(), tree.toString()
      };
      CliRun first = CliRun.of(args);
      assertEquals(1, first.exit(), first.err());
      List<Path> files;
      try (Stream<Path> s = Files.list(cache.resolve("plans"))) {
        files = s.toList();
      }
      assertEquals(1, files.size(), files.toString());
      CliRun second = CliRun.of(args);
      assertEquals(1, second.exit(), second.err());
      assertEquals(
          JSON.readTree(first.out()).get("findings"), JSON.readTree(second.out()).get("findings"));
      assertEquals("acme-token", JSON.readTree(second.out()).at("/findings/0/rule_id").asText());
    } finally {
      if (saved == null) {
        System.clearProperty("keyhound.cache-dir");
      } else {
        System.setProperty("keyhound.cache-dir", saved);
      }
    }
  }

  @Test
  void scan_rejectsABadConfigPathWithExitTwoAndOneLine() {
    CliRun r = CliRun.of("scan", "--config", dir.resolve("nope.toml").toString(), dir.toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("nope.toml"), r.err());
  }

  @Test
  void scan_rejectsBadFlagValuesWithExitTwo() {
    assertEquals(2, CliRun.of("scan", "--threads", "0", dir.toString()).exit());
    assertEquals(2, CliRun.of("scan", "--max-file-size", "-3", dir.toString()).exit());
    assertEquals(2, CliRun.of("scan", "--format", "yaml", dir.toString()).exit());
    assertEquals(2, CliRun.of("scan", "--no-such-flag").exit());
  }

  @Test
  void scan_quietPrintsNothingWhenClean() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "hello\n");
    CliRun r = CliRun.of("scan", "--quiet", dir.toString());
    assertEquals(0, r.exit());
    assertEquals("", r.out());
  }
}
