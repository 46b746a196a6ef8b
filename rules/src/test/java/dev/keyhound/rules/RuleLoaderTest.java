package dev.keyhound.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {

  @Test
  void builtin_isCachedAndStartsWithTheIssuerRule() {
    RuleSet rules = RuleLoader.builtin();
    assertSame(rules, RuleLoader.builtin());
    assertEquals(RuleSet.ISSUER_RULE_ID, rules.rules().get(0).id());
    assertEquals(KeyFormat.ISSUER, rules.issuerFormat());
    assertEquals(KeyFormat.ISSUER, rules.rules().get(0).checksumFormat());
  }

  @Test
  void builtin_hasAtLeastSixtyRulesEachWithExamplesAndNegativeExamples() {
    List<Rule> rules = RuleLoader.builtin().rules();
    assertTrue(rules.size() >= 61, "rules: " + rules.size());
    for (Rule r : rules) {
      assertTrue(r.id().matches("[a-z0-9]+(?:-[a-z0-9]+)*"), "not kebab-case: " + r.id());
      assertFalse(r.description().isBlank(), r.id());
      assertFalse(r.examples().isEmpty(), r.id() + " has no examples");
      assertFalse(r.negativeExamples().isEmpty(), r.id() + " has no negative examples");
      // A path-only rule reads no content, so the keyword prefilter has nothing to look for.
      assertEquals(r.hasRegex(), !r.keywords().isEmpty(), r.id() + " keywords: " + r.keywords());
      assertFalse(r.tags().isEmpty(), r.id() + " has no tags");
    }
  }

  @Test
  void builtin_everyExampleMatchContainsOneOfItsRulesKeywords() {
    // The keyword prefilter skips a rule when no keyword occurs, so a match without one would be
    // lost.
    for (Rule r : RuleLoader.builtin().rules()) {
      if (!r.hasRegex()) {
        continue; // a path-only rule's examples are paths
      }
      for (String example : r.examples()) {
        var m = r.regex().matcher(example);
        assertTrue(m.find(), r.id() + " does not match its example");
        String match = m.group().toLowerCase(java.util.Locale.ROOT);
        assertTrue(
            r.keywords().stream().anyMatch(match::contains), r.id() + ": no keyword in " + match);
      }
    }
  }

  @Test
  void builtin_githubRuleUsesTheClassicShapeAndChecksum() {
    Rule gh = RuleLoader.builtin().rule("github-classic-token");
    assertEquals("\\b((?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36})\\b", gh.regex().pattern());
    assertEquals(KeyFormat.GITHUB, gh.checksumFormat());
  }

  @Test
  void load_readsGitleaksDefaultConfigUnchanged() throws Exception {
    RuleSet rules = RuleLoader.load(CompatFiles.gitleaksToml());
    // 222 gitleaks rules, plus the issuer rule that a replacing file keeps unless it disables it.
    assertEquals(223, rules.rules().size());
    assertEquals(RuleSet.ISSUER_RULE_ID, rules.rules().get(0).id());
    assertEquals(1, rules.allowlists().size());
    Rule generic = rules.rule("generic-api-key");
    assertEquals(3.5, generic.entropy());
    assertTrue(
        generic.allowlists().stream()
            .anyMatch(a -> a.regexTarget() == Allowlist.RegexTarget.MATCH));
    assertTrue(generic.allowlists().stream().anyMatch(a -> a.stopwords().contains("abstract")));
  }

  @Test
  void builtin_pathOnlyRule_matchesItsExamplePathsAndNotItsNegatives() {
    Rule p12 = RuleLoader.builtin().rule("pkcs12-file");
    assertNull(p12.regex());
    assertTrue(p12.keywords().isEmpty());
    for (String path : p12.examples()) {
      assertTrue(p12.pathFinds(path), path);
      assertTrue(p12.path().matcher(path).find(), path);
    }
    for (String path : p12.negativeExamples()) {
      assertFalse(p12.pathFinds(path), path);
      assertFalse(p12.path().matcher(path).find(), path);
    }
  }

  @Test
  void load_keepsGitleaksRuleFields() throws Exception {
    RuleSet rules = RuleLoader.load(CompatFiles.gitleaksToml());
    assertNotNull(rules.rule("pkcs12-file").path());
    assertNull(rules.rule("pkcs12-file").regex());
    assertTrue(rules.rules().stream().anyMatch(r -> r.secretGroup() > 0));
    for (Rule r : rules.rules()) {
      for (String k : r.keywords()) {
        assertEquals(k.toLowerCase(java.util.Locale.ROOT), k, r.id());
      }
    }
  }

  @Test
  void parse_withoutExtendReplacesTheBuiltinPackButKeepsTheIssuerRule() throws Exception {
    RuleSet rules = RuleLoader.parse(one("mine", "abc[0-9]+"), "rules.toml");
    assertEquals(List.of(RuleSet.ISSUER_RULE_ID, "mine"), ids(rules));
    assertEquals("rules.toml", rules.source());
  }

  @Test
  void parse_fileWithSettingsButNoRulesKeepsTheBuiltinPack() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [issuer]
        base_url = "http://127.0.0.1:8080"
        [issuer.format]
        prefixes = ["acme_live_"]
        [remediation]
        mode = "auto"
        [[hooks]]
        url = "http://127.0.0.1:9000/hook"
        """,
            ".keyhound.toml");
    assertEquals(ids(RuleLoader.builtin()), ids(rules));
    assertEquals(List.of("acme_live_"), rules.issuerFormat().prefixes());
  }

  @Test
  void parse_fileWithOnlyAnAllowlistKeepsTheBuiltinPackAndItsFilters() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [[allowlists]]
        description = "fixtures"
        paths = ['''(?:^|/)src/test/''']
        """,
            ".keyhound.toml");
    assertEquals(ids(RuleLoader.builtin()), ids(rules));
    assertEquals(1, rules.allowlists().size());
    for (Rule r : rules.rules()) {
      if (!r.id().equals(RuleSet.ISSUER_RULE_ID)) {
        // Each built-in rule keeps its own filters: all of them unless it names its own list.
        assertEquals(RuleLoader.builtin().rule(r.id()).filters(), r.filters(), r.id());
        assertFalse(r.filters().isEmpty(), r.id());
      }
    }
  }

  @Test
  void parse_userRuleRunsOnlyTheFiltersItNames() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            one("plain", "abc[0-9]+")
                + one("filtered", "def[0-9]+")
                + "filters = [\"placeholders\", \"Identifiers\"]\n",
            "rules.toml");
    assertEquals(java.util.Set.of(), rules.rule("plain").filters());
    assertEquals(
        java.util.Set.of(MatchFilter.PLACEHOLDERS, MatchFilter.IDENTIFIERS),
        rules.rule("filtered").filters());
  }

  @Test
  void parse_unknownFilterIsAnErrorNamingTheRuleAndTheName() {
    RuleException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuleException.class,
            () ->
                RuleLoader.parse(
                    one("mine", "abc[0-9]+") + "filters = [\"placeholder\"]\n", "rules.toml"));
    assertTrue(e.getMessage().contains("rules.toml: rule \"mine\""), e.getMessage());
    assertTrue(e.getMessage().contains("unknown filter \"placeholder\""), e.getMessage());
  }

  @Test
  void parse_extendingRuleKeepsTheBuiltinRulesFiltersUnlessItSetsItsOwn() throws Exception {
    String id = RuleLoader.builtin().rules().get(1).id();
    RuleSet kept =
        RuleLoader.parse(
            "[extend]\nuseDefault = true\n[[rules]]\nid = \"" + id + "\"\ntags = [\"x\"]\n",
            "rules.toml");
    assertEquals(MatchFilter.BUILTIN_DEFAULT, kept.rule(id).filters());
    RuleSet off =
        RuleLoader.parse(
            "[extend]\nuseDefault = true\n[[rules]]\nid = \"" + id + "\"\nfilters = []\n",
            "rules.toml");
    assertEquals(java.util.Set.of(), off.rule(id).filters());
  }

  @Test
  void parse_disabledIssuerRuleIsLeftOut() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            "[extend]\ndisabledRules = [\"keyhound-issuer-key\"]\n" + one("mine", "abc[0-9]+"),
            "rules.toml");
    assertEquals(List.of("mine"), ids(rules));
  }

  @Test
  void parse_useDefaultAddsToTheBuiltinPackMinusDisabledRules() throws Exception {
    RuleSet builtin = RuleLoader.builtin();
    String disabled = builtin.rules().get(1).id();
    RuleSet rules =
        RuleLoader.parse(
            "[extend]\nuseDefault = true\ndisabledRules = [\""
                + disabled
                + "\"]\n"
                + one("mine", "abc[0-9]+"),
            "rules.toml");
    assertEquals(builtin.rules().size(), rules.rules().size());
    assertNull(rules.rule(disabled));
    assertEquals("mine", rules.rules().get(rules.rules().size() - 1).id());
    assertEquals(RuleSet.ISSUER_RULE_ID, rules.rules().get(0).id());
  }

  @Test
  void parse_useDefaultMergesARuleOfTheSameIdAsGitleaksDoes() throws Exception {
    Rule base = RuleLoader.builtin().rule("aws-access-key-id");
    RuleSet rules =
        RuleLoader.parse(
            """
        [extend]
        useDefault = true
        [[rules]]
        id = "aws-access-key-id"
        entropy = 3.1
        keywords = ["extra"]
        [[rules.allowlists]]
        regexes = ['''TESTKEY''']
        """,
            "rules.toml");
    Rule merged = rules.rule("aws-access-key-id");
    assertEquals(base.regex().pattern(), merged.regex().pattern());
    assertEquals(base.description(), merged.description());
    assertEquals(3.1, merged.entropy());
    assertTrue(merged.keywords().containsAll(base.keywords()));
    assertTrue(merged.keywords().contains("extra"));
    assertEquals(base.allowlists().size() + 1, merged.allowlists().size());
    assertEquals(base.examples(), merged.examples());
  }

  @Test
  void parse_targetRulesReachRulesOfTheExtendedPackAndTheIssuerRule() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [extend]
        useDefault = true
        [[allowlists]]
        targetRules = ["aws-access-key-id", "keyhound-issuer-key"]
        paths = ['''(?:^|/)fixtures/''']
        """,
            "rules.toml");
    Rule aws = rules.rule("aws-access-key-id");
    assertEquals(
        RuleLoader.builtin().rule("aws-access-key-id").allowlists().size() + 1,
        aws.allowlists().size());
    assertEquals(1, rules.rule(RuleSet.ISSUER_RULE_ID).allowlists().size());
    assertEquals(RuleLoader.builtin().allowlists().size(), rules.allowlists().size());
  }

  @Test
  void load_extendPathIsResolvedRelativeToTheFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("base"));
    Files.writeString(dir.resolve("base/base.toml"), one("base-rule", "base[0-9]+"));
    Path top = dir.resolve("top.toml");
    Files.writeString(top, "[extend]\npath = \"base/base.toml\"\n" + one("top-rule", "top[0-9]+"));
    assertEquals(
        List.of(RuleSet.ISSUER_RULE_ID, "base-rule", "top-rule"), ids(RuleLoader.load(top)));
  }

  @Test
  void load_extendsAtMostTwoLevelsDeepAsGitleaksDoes(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("d.toml"), one("d-rule", "d[0-9]+"));
    Files.writeString(
        dir.resolve("c.toml"), "[extend]\npath = \"d.toml\"\n" + one("c-rule", "c[0-9]+"));
    Files.writeString(
        dir.resolve("b.toml"), "[extend]\npath = \"c.toml\"\n" + one("b-rule", "b[0-9]+"));
    Files.writeString(
        dir.resolve("a.toml"), "[extend]\npath = \"b.toml\"\n" + one("a-rule", "a[0-9]+"));
    // a extends b extends c; c's own [extend] is past gitleaks' depth of two and is ignored.
    assertEquals(
        List.of(RuleSet.ISSUER_RULE_ID, "c-rule", "b-rule", "a-rule"),
        ids(RuleLoader.load(dir.resolve("a.toml"))));
  }

  @Test
  void load_extendingItselfStops(@TempDir Path dir) throws Exception {
    Path self = dir.resolve("self.toml");
    Files.writeString(self, "[extend]\npath = \"self.toml\"\n" + one("r", "r[0-9]+"));
    assertEquals(List.of(RuleSet.ISSUER_RULE_ID, "r"), ids(RuleLoader.load(self)));
  }

  @Test
  void parse_resolvesExtendPathBesideTheNamedSource(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("base.toml"), one("base-rule", "base[0-9]+"));
    RuleSet rules =
        RuleLoader.parse("[extend]\npath = \"base.toml\"\n", dir.resolve("top.toml").toString());
    assertEquals(List.of(RuleSet.ISSUER_RULE_ID, "base-rule"), ids(rules));
  }

  @Test
  void load_namesAMissingExtendedFile(@TempDir Path dir) throws Exception {
    Path top = dir.resolve("top.toml");
    Files.writeString(top, "[extend]\npath = \"gone.toml\"\n");
    RuleException e = assertThrows(RuleException.class, () -> RuleLoader.load(top));
    assertTrue(
        e.getMessage()
            .startsWith(top + ": [extend] path " + dir.resolve("gone.toml") + ": cannot read"),
        e.getMessage());
  }

  @Test
  void parse_ignoresUnknownTablesAndKeys() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        title = "x"
        minVersion = "v8.25.0"
        [remediation]
        mode = "dry-run"
        [[hooks]]
        run = "echo"
        [[rules]]
        id = "mine"
        regex = '''abc'''
        severity = "high"
        """,
            "rules.toml");
    assertEquals(List.of(RuleSet.ISSUER_RULE_ID, "mine"), ids(rules));
  }

  @Test
  void parse_readsKeyhoundExtras() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [[rules]]
        id = "gh"
        regex = '''\\b((?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36})\\b'''
        checksum = "github"
        examples = ["a"]
        negative_examples = ["b", "c"]
        [[rules]]
        id = "iss"
        regex = '''sk_live_\\w+'''
        checksum = "issuer"
        """,
            "rules.toml");
    assertEquals(KeyFormat.GITHUB, rules.rule("gh").checksumFormat());
    assertEquals(List.of("a"), rules.rule("gh").examples());
    assertEquals(List.of("b", "c"), rules.rule("gh").negativeExamples());
    assertSame(rules.issuerFormat(), rules.rule("iss").checksumFormat());
  }

  @Test
  void parse_readsRuleAndGlobalAllowlistsInBothSpellings() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [[allowlists]]
        description = "tests"
        paths = ['''(?:^|/)test/''']
        [[allowlists]]
        targetRules = ["old"]
        condition = "AND"
        stopwords = ["Dummy"]
        commits = [" ABC123 "]
        [[rules]]
        id = "old"
        regex = '''old[0-9]+'''
        [rules.allowlist]
        regexes = ['''old0''']
        regexTarget = "line"
        """,
            "rules.toml");
    assertEquals(1, rules.allowlists().size());
    Rule old = rules.rule("old");
    assertEquals(2, old.allowlists().size());
    assertEquals(Allowlist.RegexTarget.LINE, old.allowlists().get(0).regexTarget());
    Allowlist targeted = old.allowlists().get(1);
    assertEquals(Allowlist.Condition.AND, targeted.condition());
    assertEquals(List.of("dummy"), targeted.stopwords());
    assertEquals(List.of("abc123"), targeted.commits());
  }

  @Test
  void parse_issuerFormatSetsPrefixesAndChecksum() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
        [issuer.format]
        prefixes = ["acme_live_", "acme_test_"]
        body_length = 24
        checksum = "none"
        """,
            "rules.toml");
    KeyFormat f = rules.issuerFormat();
    assertEquals(List.of("acme_live_", "acme_test_"), f.prefixes());
    assertEquals(24, f.bodyLength());
    assertEquals(KeyFormat.Checksum.NONE, f.checksum());
    Rule issuer = rules.rules().get(0);
    assertEquals(f.regex(), issuer.regex().pattern());
    assertEquals(List.of("acme_live_", "acme_test_"), issuer.keywords());
    assertTrue(issuer.examples().stream().allMatch(e -> e.contains("acme_")));
  }

  @Test
  void builtin_issuerRuleExamplesIncludeTheTestVectorAndValidMintedKeys() {
    Rule issuer = RuleLoader.builtin().rules().get(0);
    assertTrue(issuer.examples().stream().anyMatch(e -> e.contains(IssuerRule.TEST_VECTOR)));
    assertFalse(issuer.negativeExamples().isEmpty());
  }

  @Test
  void parse_rejectsRegexRe2CannotCompile() {
    RuleException e =
        assertThrows(
            RuleException.class, () -> RuleLoader.parse(one("my-rule", "(abc"), "rules.toml"));
    assertTrue(
        e.getMessage()
            .startsWith("rules.toml: rule \"my-rule\": invalid regex: missing closing ): "),
        e.getMessage());
  }

  @Test
  void parse_rejectsLookaheadWithRe2sReason() {
    RuleException e =
        assertThrows(
            RuleException.class, () -> RuleLoader.parse(one("look", "a(?=b)"), "rules.toml"));
    assertTrue(
        e.getMessage().startsWith("rules.toml: rule \"look\": invalid regex: "), e.getMessage());
  }

  @Test
  void parse_rejectsBadTomlNamingTheLine() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> RuleLoader.parse("title = \"x\"\n[[rules]]\nid = \n", "rules.toml"));
    assertTrue(e.getMessage().startsWith("rules.toml: line 3: invalid TOML: "), e.getMessage());
  }

  @Test
  void parse_namesTheLineOfADuplicateKeyNotTheNextOne() {
    String toml =
        "[[rules]]\nid = \"a\"\nregex = \"x\"\nkeywords = [\"a\"]\nkeywords = [\"b\"]\n\n"
            + "# next\n[[rules]]\nid = \"b\"\n";
    RuleException e = assertThrows(RuleException.class, () -> RuleLoader.parse(toml, "r.toml"));
    assertTrue(e.getMessage().startsWith("r.toml: line 5: invalid TOML: "), e.getMessage());
  }

  @Test
  void parse_rejectsARuleWithoutId() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> RuleLoader.parse("[[rules]]\nregex = '''abc'''\n", "rules.toml"));
    assertEquals("rules.toml: rule #1: rule id is missing or empty (regex: abc)", e.getMessage());
  }

  @Test
  void parse_rejectsDuplicateIds() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> RuleLoader.parse(one("dup", "a") + one("dup", "b"), "rules.toml"));
    assertEquals("rules.toml: rule \"dup\": duplicate rule id", e.getMessage());
  }

  @Test
  void parse_rejectsSecretGroupBeyondTheRegexGroups() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> RuleLoader.parse(one("g", "(a)b") + "secretGroup = 2\n", "rules.toml"));
    assertEquals(
        "rules.toml: rule \"g\": invalid secretGroup 2, the regex has 1 capture group(s)",
        e.getMessage());
  }

  @Test
  void parse_rejectsARuleWithNeitherRegexNorPath() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> RuleLoader.parse("[[rules]]\nid = \"empty\"\n", "rules.toml"));
    assertTrue(
        e.getMessage().startsWith("rules.toml: rule \"empty\": both regex and path are empty"));
  }

  @Test
  void parse_rejectsAnEmptyAllowlistAndAnUnknownRegexTarget() {
    RuleException empty =
        assertThrows(
            RuleException.class,
            () ->
                RuleLoader.parse(
                    one("r", "a") + "[[rules.allowlists]]\ndescription = \"none\"\n",
                    "rules.toml"));
    assertTrue(
        empty.getMessage().startsWith("rules.toml: rule \"r\": allowlist #1: must contain"),
        empty.getMessage());
    RuleException target =
        assertThrows(
            RuleException.class,
            () ->
                RuleLoader.parse(
                    one("r", "a")
                        + "[[rules.allowlists]]\nregexes = ['x']\nregexTarget = \"file\"\n",
                    "rules.toml"));
    assertTrue(
        target.getMessage().contains("unknown allowlist regexTarget 'file'"), target.getMessage());
  }

  @Test
  void parse_rejectsBothAllowlistSpellingsOnOneRule() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () ->
                RuleLoader.parse(
                    one("r", "a")
                        + "[rules.allowlist]\nregexes = ['x']\n[[rules.allowlists]]\nregexes = ['y']\n",
                    "rules.toml"));
    assertEquals(
        "rules.toml: rule \"r\": [rules.allowlist] is deprecated, it cannot be used alongside "
            + "[[rules.allowlists]]",
        e.getMessage());
  }

  @Test
  void parse_rejectsAnInvalidAllowlistRegexNamingTheRule() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () ->
                RuleLoader.parse(
                    one("r", "a") + "[[rules.allowlists]]\npaths = ['(unclosed']\n", "rules.toml"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "rules.toml: rule \"r\": allowlist #1: invalid paths entry: missing closing )"),
        e.getMessage());
  }

  @Test
  void parse_rejectsATargetRuleThatDoesNotExist() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () ->
                RuleLoader.parse(
                    one("r", "a") + "[[allowlists]]\ntargetRules = [\"nope\"]\npaths = ['x']\n",
                    "rules.toml"));
    assertEquals(
        "rules.toml: global allowlist targets rule \"nope\", which does not exist", e.getMessage());
  }

  @Test
  void parse_rejectsUseDefaultTogetherWithPath() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () ->
                RuleLoader.parse("[extend]\nuseDefault = true\npath = \"x.toml\"\n", "rules.toml"));
    assertEquals("rules.toml: [extend]: useDefault and path cannot both be set", e.getMessage());
  }

  @Test
  void parse_rejectsTheReservedIssuerId() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> RuleLoader.parse(one(RuleSet.ISSUER_RULE_ID, "a"), "rules.toml"));
    assertTrue(e.getMessage().contains("reserved"), e.getMessage());
  }

  @Test
  void parse_rejectsAWrongType() {
    RuleException e =
        assertThrows(
            RuleException.class,
            () -> RuleLoader.parse(one("r", "a") + "entropy = \"high\"\n", "rules.toml"));
    assertEquals("rules.toml: rule \"r\": entropy must be a number, not \"high\"", e.getMessage());
  }

  @Test
  void load_namesAMissingFile(@TempDir Path dir) {
    Path missing = dir.resolve("nope.toml");
    RuleException e = assertThrows(RuleException.class, () -> RuleLoader.load(missing));
    assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
  }

  private static String one(String id, String regex) {
    return "[[rules]]\nid = \"" + id + "\"\nregex = '''" + regex + "'''\n";
  }

  private static List<String> ids(RuleSet rules) {
    return rules.rules().stream().map(Rule::id).toList();
  }
}
