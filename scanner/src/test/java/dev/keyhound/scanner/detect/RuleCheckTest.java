package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleCheckTest {

  @Test
  void check_reportsNothingForTheBuiltinPack() {
    assertEquals(List.of(), RuleCheck.check(RuleLoader.builtin()));
  }

  @Test
  void check_reportsUnmatchedExamplesAndMatchedNegativesRedacted() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [[rules]]
        id = "acme-token"
        regex = '''\\bacme_[0-9a-z]{20}\\b'''
        keywords = ["acme_"]
        examples = ["ACME_TOKEN=acme_0123456789abcdefghij", "ACME_TOKEN=acme_tooshort"]
        negative_examples = ["ACME_TOKEN=acme_9876543210zyxwvutsrq", "nothing here"]
        """,
            "rules.toml");
    assertEquals(
        List.of(
            new RuleCheck.Problem(
                "acme-token", RuleCheck.Kind.EXAMPLE_NOT_MATCHED, "ACME_TOKEN=a…"),
            new RuleCheck.Problem(
                "acme-token", RuleCheck.Kind.NEGATIVE_EXAMPLE_MATCHED, "ACME_TOKEN=a…")),
        RuleCheck.check(rules));
  }

  @Test
  void check_honoursTheRulesAllowlistsAsAScanWould() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [[rules]]
        id = "acme-token"
        regex = '''\\bacme_[0-9a-z]{20}\\b'''
        keywords = ["acme_"]
        examples = ["ACME_TOKEN=acme_0123456789abcdefghij"]
        negative_examples = ["ACME_TOKEN=acme_exampleexampleexam"]
        [[rules.allowlists]]
        regexes = ['''example''']
        """,
            "rules.toml");
    assertEquals(List.of(), RuleCheck.check(rules));
  }

  @Test
  void check_treatsAPathOnlyRulesExamplesAsPaths() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [[rules]]
        id = "keystore-file"
        path = '''\\.(?:p12|pfx|jks)$'''
        examples = ["certs/client.p12"]
        negative_examples = ["certs/client.pem"]
        """,
            "rules.toml");
    assertEquals(List.of(), RuleCheck.check(rules));
  }

  @Test
  void check_ignoresARulesOwnPathForContentExamples() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [[rules]]
        id = "tf-password"
        regex = '''password\\s*=\\s*"([^"]{8,})"'''
        path = '''\\.tf$'''
        keywords = ["password"]
        examples = ['admin_password = "Xk9mQ2pL7v"']
        negative_examples = ['admin_password = "short"']
        """,
            "rules.toml");
    assertEquals(List.of(), RuleCheck.check(rules));
  }

  @Test
  void check_issuerRuleOfACustomFormatProvesItself() throws Exception {
    for (String checksum : List.of("crc32-base62", "none")) {
      RuleSet rules =
          RuleLoader.parse(
              "[issuer.format]\nprefixes = [\"acme_live_\"]\nbody_length = 24\nchecksum = \""
                  + checksum
                  + "\"\n",
              "rules.toml");
      assertEquals(List.of(), RuleCheck.check(rules, rules.rules().get(0)), checksum);
    }
  }

  @Test
  void kind_labelsAreKebabCase() {
    assertEquals("example-not-matched", RuleCheck.Kind.EXAMPLE_NOT_MATCHED.label());
    assertEquals("negative-example-matched", RuleCheck.Kind.NEGATIVE_EXAMPLE_MATCHED.label());
  }
}
