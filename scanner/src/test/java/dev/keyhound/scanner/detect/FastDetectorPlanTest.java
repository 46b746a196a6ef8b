package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.testing.SharedFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The fast detector must actually take its fast paths, not quietly fall back to the naive one. */
class FastDetectorPlanTest {
  /** Null where the shared folder is absent (a clone made anywhere): the tests are then skipped. */
  private static final Map<String, String> GITLEAKS_PLANS = gitleaksPlans();

  private static Map<String, String> gitleaksPlans() {
    try {
      return new FastDetector(SharedFiles.gitleaksRules(), DetectorOptions.DEFAULTS)
          .describePlans();
    } catch (TestAbortedException e) {
      return null;
    }
  }

  @BeforeEach
  void needsTheSharedFolder() {
    assumeTrue(
        GITLEAKS_PLANS != null,
        "skipped: gitleaks' config (shared/compat/gitleaks.toml) is absent beside the project");
  }

  @Test
  void gitleaksRules_runThroughTheDfaPrefilter() {
    Map<String, String> plans = GITLEAKS_PLANS;
    long dfa = plans.values().stream().filter(p -> p.startsWith("DFA")).count();
    assertTrue(dfa >= plans.size() * 9 / 10, "most rules should use the DFA prefilter: " + plans);
    assertTrue(
        plans.get("generic-api-key").startsWith("DFA windowed"), plans.get("generic-api-key"));
  }

  @Test
  void builtInRules_allRunNearTheirKeywordsOrLiteralStarts() {
    Map<String, String> plans =
        new FastDetector(dev.keyhound.rules.RuleLoader.builtin(), DetectorOptions.DEFAULTS)
            .describePlans();
    List<String> whole =
        plans.entrySet().stream()
            .filter(e -> !e.getValue().startsWith("DFA windowed"))
            .filter(e -> !e.getValue().startsWith("DFA anchored"))
            .map(e -> e.getKey() + ": " + e.getValue())
            .toList();
    // A whole-text rule makes the detector step a DFA over every char of every text it triggers
    // on; a rule whose every match holds one of its keywords, or starts with a literal, does not.
    assertEquals(List.of(), whole, "built-in rules that read the whole text");
  }

  @Test
  void multiLineKeyBlocks_areReadFromTheirKeywordOn() {
    Map<String, String> plans = GITLEAKS_PLANS;
    assertEquals("DFA anchored (from 0 lines before)", plans.get("private-key"));
  }

  @Test
  void ruleSpanningLinesAfterItsKeyword_isAnchoredAndFindsWhatNaiveFinds() {
    Rule r =
        Rule.of(
            "assign",
            "key over lines",
            "(?i)\\bmy_?key\\s*=\\s*([a-z0-9]{12})",
            List.of("mykey", "my_key"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals("DFA anchored (from 0 lines before)", fast.describePlans().get("assign"));
    String text = "x\nMY_KEY\n\n\n\n\n=\n\n\n  abcdefabcdef\nmykey = 0123456789ab and mykey=\n";
    assertEquals(
        new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text), fast.detect(text));
    assertEquals(2, fast.detect(text).size());
  }

  @Test
  void windowedRuleStartingAtItsKeyword_runsFromTheHitToItsLineReach_andFindsWhatNaiveFinds() {
    // Matches start at "curl" and end at most 3 lines further: the runs start at each hit and stop
    // at the end of the 3rd line after it, also when a match is still in progress there (the
    // first "curl" of the third command: the second one's run carries on from where it stopped).
    Rule r =
        Rule.of(
            "cu",
            "curl user",
            "\\bcurl\\b(?:[^\\n]|\\n){0,3}?[ \\t]-u[ \\t]+([a-z0-9]{6,12})",
            List.of("curl"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals("DFA windowed (3 lines, 0 before)", fast.describePlans().get("cu"));
    String text =
        "-u before1 curl\n\n\n -u within1\n"
            + "curl x\n\n\n\n\n -u toofar1\n"
            + "curl a\n curl\n\n\n -u within2 curl\n\n\n\n\n\n -u\nabcdefgh\n";
    List<Candidate> naive = new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text);
    assertEquals(naive, fast.detect(text));
    assertEquals(
        List.of("within1", "within2"), naive.stream().map(c -> c.secret()).toList(), "naive");
  }

  @Test
  void ruleWithABoundedPrefixBeforeItsKeyword_startsItsRunsThatFarBefore() {
    // A match starts at most 4 letters and an underscore before "token": the run starts 5 chars
    // before a hit, not at its line's start, and finds the longest prefix exactly.
    Rule r =
        Rule.of("pre", "prefixed", "[a-z]{0,4}_?token\\s*=\\s*([a-z0-9]{8})", List.of("token"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals(5 + "toke".length(), ruleShape(r).charsBeforeKeyword());
    String text =
        "x = 1; abcd_token = abcdefgh\nabcdefghij_token=12345678 token=zzzzzzzz\n"
            + "y=token token = 0123456789 abcdetoken=abcdefgh\n";
    List<Candidate> naive = new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text);
    assertEquals(naive, fast.detect(text));
    assertEquals(5, naive.size());
  }

  private static RulePlan.Shape ruleShape(Rule r) {
    return RulePlan.shapeOf(r);
  }

  @Test
  void ruleWithUnboundedLinesBeforeItsKeyword_readsTheWholeText() {
    Rule r =
        Rule.of("late", "keyword after lines", "[a-z]+:[\\s\\S]*?token=[a-z]{8}", List.of("token"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals("DFA whole text", fast.describePlans().get("late"));
    String text = "begin:\n\n\n\n\n\n\n\n\n\n\n\n\n\nx token=abcdefgh\n";
    assertEquals(
        new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text), fast.detect(text));
    assertEquals(1, fast.detect(text).size());
  }

  @Test
  void ruleWhoseKeywordComesLinesAfterALiteralStart_isAnchoredOnThatLiteral() {
    Rule r =
        Rule.of("late", "keyword after lines", "begin[\\s\\S]*?token=[a-z]{8}", List.of("token"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals(
        "DFA anchored (from 0 lines before) on [token, begin]", fast.describePlans().get("late"));
    String text =
        "token\nBEGIN begin\n\n\n\n\n\n\n\n\n\n\n\n\n\nx token=abcdefgh\n"
            + "begin\n\n\n\nbeginbegin token=ijklmnop end begin token=\n";
    List<Candidate> naive = new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text);
    assertEquals(naive, fast.detect(text));
    assertEquals(2, naive.size());
  }

  @Test
  void setenvCallsSpanningLines_areAnchoredOnTheCallAndFindWhatNaiveFinds() {
    Rule r =
        Rule.of(
            "env",
            "secret passed to setenv",
            "\\b(?:setenv|putenv)\\(\\s*[\"'][\\w.-]*(?i:secret|token)[\\w.-]*[\"']\\s*,"
                + "\\s*[\"']([0-9A-Za-z]{16,64})[\"']",
            List.of("secret", "token"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals(
        "DFA anchored (from 0 lines before) on [secret, token, setenv(, putenv(]",
        fast.describePlans().get("env"));
    String text =
        "x = 1\nsetenv(\n\n\n\n\n\n\n\n   'MY_SECRET',\n\n\n\n  'abcdefghijklmnop0123')\n"
            + "putenv(  \"API_TOKEN\", \"0123456789abcdefXYZ\")\nsetenv('x', 'abcdefghijklmnopqr')\n";
    List<Candidate> naive = new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text);
    assertEquals(naive, fast.detect(text));
    assertEquals(2, naive.size());
  }

  @Test
  void textWithCharsThatFoldToKeywordChars_isScannedWithoutTheNaiveFallback() {
    // U+017F (long s) matches 's' in a case-insensitive regex but does not lower-case to it, and
    // U+0130 lower-cases to two chars: the fast detector must still find what the naive one finds.
    Rule r = Rule.of("sec", "secret", "(?i)secret\\s*=\\s*([a-z0-9]{10})", List.of("secret"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    String text = "secret = abcdefghij\n\u017fecret = klmnopqrst\n\u0130 x SECRET=\n uvwxyz0123\n";
    List<Candidate> naive = new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text);
    assertEquals(naive, fast.detect(text));
    assertEquals(3, naive.size());
  }

  @Test
  void ruleWhoseMatchNeedNotContainItsKeyword_isNotWindowed() {
    Rule r = Rule.of("odd", "keyword elsewhere", "[A-Z]{4}[0-9A-Z]{16}", List.of("aws"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals("DFA whole text", fast.describePlans().get("odd"));
    String text = "aws\n\n\n\n\n\n\n\n\n\n\n\n\nx = AKIAABCDEFGHIJKLMNOP\n";
    assertEquals(
        new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text), fast.detect(text));
    assertEquals(1, fast.detect(text).size());
  }

  @Test
  void ruleWhoseMatchStartsWithALiteralButNotItsKeyword_isWindowedOnTheLiteral() {
    Rule r = Rule.of("odd", "keyword elsewhere", "AKIA[0-9A-Z]{16}", List.of("aws"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals("DFA windowed (0 lines) on [aws, akia]", fast.describePlans().get("odd"));
    String text = "aws\n\n\n\n\n\n\n\n\n\n\n\n\nx = AKIAABCDEFGHIJKLMNOP akiaABCDEFGHIJKLMNOP\n";
    assertEquals(
        new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text), fast.detect(text));
    assertEquals(1, fast.detect(text).size());
    assertEquals(List.of(), fast.detect("AKIAABCDEFGHIJKLMNOP without the keyword\n"));
  }

  @Test
  void regexMatchingTheEmptyString_runsNaive() {
    Rule r = Rule.of("empty", "may match nothing", "(?:key=)?[a-z]*", List.of("key"));
    RuleSet rules = new RuleSet("test", List.of(r), List.of(), dev.keyhound.rules.KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertTrue(fast.describePlans().get("empty").startsWith("NAIVE"));
    String text = "x key=abc y\nkey\n";
    assertEquals(
        new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text), fast.detect(text));
  }
}
