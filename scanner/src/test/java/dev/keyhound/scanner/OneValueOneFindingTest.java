package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When several rules match one value, the most specific one reports it, and only that one. */
class OneValueOneFindingTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  @TempDir Path dir;

  private List<String> ruleIds(RuleSet rules, String path, String text) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    ScanResult r =
        Scanner.createForInputOf(
                text.length(), rules, new ScanOptions(1, 1 << 20, DetectorOptions.DEFAULTS), FP)
            .scanOnCallingThread(List.of(path), List.of(new FileSource(file, 1 << 20)));
    return r.findings().stream().map(Finding::ruleId).toList();
  }

  @Test
  void awsKeyId_isReportedAsAnAwsKeyIdOnly_notAlsoAsAGenericKey() throws IOException {
    assertEquals(
        List.of("aws-access-key-id"),
        ruleIds(RuleLoader.builtin(), "creds.ini", "aws_access_key_id = AKIA64CFSUOSG2WPIZZX\n"));
  }

  @Test
  void everyBuiltinExample_isReportedByOneRuleOnly() throws IOException {
    RuleSet builtin = RuleLoader.builtin();
    int i = 0;
    for (var rule : builtin.rules()) {
      for (String example : rule.examples()) {
        List<String> ids = ruleIds(builtin, "ex" + i++ + "/example.txt", example + "\n");
        if (ids.size() > 1) {
          assertEquals(List.of(rule.id()), ids, "example of " + rule.id() + ": " + example);
        }
      }
    }
  }

  @Test
  void userRules_rankedFromTheirShape_prefixBeatsKeywordBeatsGeneric() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
            [[rules]]
            id = "catch-all"
            regex = '''token\\s*=\\s*(\\S{12,})'''
            keywords = ["token"]
            tags = ["generic"]

            [[rules]]
            id = "acme-by-name"
            regex = '''acme_token\\s*=\\s*([a-z0-9_]{12,})'''
            keywords = ["acme_token"]

            [[rules]]
            id = "acme-prefixed"
            regex = '''\\b(acmk_[a-z0-9]{20})\\b'''
            keywords = ["acmk_"]
            """,
            "rules.toml");
    assertEquals(
        List.of("acme-prefixed"),
        ruleIds(rules, "a/x.env", "acme_token = acmk_q8r2vn5x7t0b3m6k9w1z\n"));
    assertEquals(
        List.of("acme-by-name"), ruleIds(rules, "b/x.env", "acme_token = q8r2vn5x7t0b3m6k9w1z\n"));
    assertEquals(List.of("catch-all"), ruleIds(rules, "c/x.env", "token = Q8r2vN5x7T0b3m6K9w1z\n"));
  }

  @Test
  void aSpecificRuleRuledOutByItsPath_leavesTheValueToTheGenericRule() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
            [[rules]]
            id = "catch-all"
            regex = '''token\\s*=\\s*(\\S{12,})'''
            keywords = ["token"]
            tags = ["generic"]

            [[rules]]
            id = "acme-prefixed"
            regex = '''\\b(acmk_[a-z0-9]{20})\\b'''
            keywords = ["acmk_"]
            path = '''\\.npmrc$'''
            """,
            "rules.toml");
    assertEquals(
        List.of("catch-all"), ruleIds(rules, "d/app.env", "token = acmk_q8r2vn5x7t0b3m6k9w1z\n"));
  }
}
