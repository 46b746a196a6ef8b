package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import org.junit.jupiter.api.Test;

class CandidateFilterTest {

  private static RuleSet keystoreRules(String allowlist) throws Exception {
    return RuleLoader.parse(
        """
        [[rules]]
        id = "keystore"
        path = '''\\.p12$'''
        """
            + allowlist,
        "rules.toml");
  }

  @Test
  void acceptsPath_andAllowlistNeedsBothCommitAndPath() throws Exception {
    RuleSet rules =
        keystoreRules(
            """
        [[rules.allowlists]]
        condition = "AND"
        commits = ["ABC123"]
        paths = ['''^test/''']
        """);
    CandidateFilter f = new CandidateFilter(rules);
    assertFalse(f.acceptsPath(rules.rule("keystore"), "test/a.p12", "abc123"));
    assertTrue(f.acceptsPath(rules.rule("keystore"), "test/a.p12", "def456"));
    assertTrue(f.acceptsPath(rules.rule("keystore"), "main/a.p12", "abc123"));
  }

  @Test
  void acceptsPath_andAllowlistWithRegexesNeverAllowsAPathOnlyFinding() throws Exception {
    RuleSet rules =
        keystoreRules(
            """
        [[rules.allowlists]]
        condition = "AND"
        paths = ['''^test/''']
        regexes = ['''.*''']
        """);
    assertTrue(new CandidateFilter(rules).acceptsPath(rules.rule("keystore"), "test/a.p12", null));
  }

  @Test
  void acceptsPath_orAllowlistNeedsEitherCommitOrPath() throws Exception {
    RuleSet rules =
        keystoreRules(
            """
        [[allowlists]]
        commits = ["abc123"]
        paths = ['''^vendor/''']
        """);
    CandidateFilter f = new CandidateFilter(rules);
    assertFalse(f.acceptsPath(rules.rule("keystore"), "vendor/a.p12", null));
    assertFalse(f.acceptsPath(rules.rule("keystore"), "main/a.p12", "ABC123"));
    assertTrue(f.acceptsPath(rules.rule("keystore"), "main/a.p12", null));
    assertFalse(f.acceptsPath(rules.rule("keystore"), "main/a.pem", null));
  }
}
