package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleException;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import dev.keyhound.scanner.testing.SharedFiles;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * gitleaks' own default config, loaded unchanged, applied as gitleaks applies it: keywords,
 * entropy, secret groups, path rules, rule allowlists (secret, match and line targets, stopwords)
 * and the global allowlist. Every sample value is fake.
 */
class GitleaksCompatTest {
  private static final String GHP = "ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d";
  private static final String HEX40 = "c17149d439536b3216fdaeeb975729fae923d5a4";
  private static final String GENERIC = "RgSnRFsTHsDDDXh5Jmtf7Ebs";

  private static RuleSet rules;
  private static NaiveDetector detector;
  private static CandidateFilter filter;

  /**
   * Per test rather than {@code @BeforeAll}, loaded once: without the shared folder each test is
   * skipped with the reason, where a class-level skip shows none in surefire's report.
   */
  @BeforeEach
  void load() throws RuleException {
    if (rules != null) {
      return;
    }
    RuleSet loaded = RuleLoader.load(SharedFiles.gitleaksToml());
    detector = new NaiveDetector(loaded, DetectorOptions.DEFAULTS);
    filter = new CandidateFilter(loaded);
    rules = loaded;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      aws-access-token        | aws_access_key_id = AKIAQ3EGRJ7XNW5PLM2V | aws_access_key_id = AKIAIOSFODNN7EXAMPLE
      github-pat              | GITHUB_TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d | GITHUB_TOKEN=ghp_u8jzPde0IgxLd6GncfBAepfJBd0
      npm-access-token        | //registry.npmjs.org/:_authToken=npm_gvq4k7bn7xj8b7tfq7xkwo886vompzom75wb | //registry.npmjs.org/:_authToken=npm_gvq4k7bn7xj8b7tfq7
      digitalocean-pat        | DO_TOKEN=dop_v1_08f86bebb2737f6a6f0fb23c6f5da2cec255404e4fb440034d6608697a8d41be | DO_TOKEN=dop_v1_08f86bebb2737f6a6f0fb23c6f5da2cec255404e4fb440034d6608697a8d41bez
      slack-bot-token         | SLACK_BOT_TOKEN=xoxb-986828288072-9022279180588-JEYXg4JdpmrcXgGCJbW56eCu | SLACK_BOT_TOKEN=xoxb-your-bot-token
      stripe-access-token     | STRIPE_KEY=sk_live_NGMGmSrCGIZEG8pSH4487q7J | STRIPE_KEY=sk_live_short
      anthropic-api-key       | KEY=sk-ant-api03-z5r1pY4OjE2jBMptUsGr7CmY_uCu3ZR1zTOlUcR64cXQLioDnkHIfxIq2HZt-PlJhx2jIclHkCiHp6bR1IqfEouHgxzNNAA | KEY=sk-ant-api03-xxxxAA
      shopify-access-token    | SHOPIFY_TOKEN=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 | SHOPIFY_TOKEN=shpat_69e58b081006f7e3
      pypi-upload-token       | password = pypi-AgEIcHlwaS5vcmc3uhkWKFLf6xuI5aHUQPFeNBTxaQWk8JzFalHlsZfYcMMDktXP-tKsf2rcDkd | password = pypi-AgEIcHlwaS5vcmc3uhk
      telegram-bot-api-token  | TELEGRAM_BOT_TOKEN=0251678008:AF_Ha6ili8GjHEAD6-Wj9KfzjsQGMrb9h_I | BOT_TOKEN=0251678008:AF_Ha6ili8GjHEAD6-Wj9KfzjsQGMrb9h_I
      gcp-api-key             | const key = "AIza3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9Zhyi"; | const key = "AIza3J1TWDtkwtDDb_xHKas1VOqg6";
      generic-api-key         | api_key = "RgSnRFsTHsDDDXh5Jmtf7Ebs" | api_key = "aaaaaaaaaaaaaaaa1111"
      """)
  void rule_findsItsSampleAndNotItsNearMiss(String ruleId, String positive, String negative) {
    assertTrue(found(ruleId, positive, "src/app.env"), ruleId + " should find: " + positive);
    assertFalse(found(ruleId, negative, "src/app.env"), ruleId + " should not find: " + negative);
  }

  @Test
  void keywords_gateTheRuleOnTheWholeText() {
    // sourcegraph-access-token matches any 40-hex string but runs only where one of its keywords
    // occurs.
    assertFalse(found("sourcegraph-access-token", "commit = " + HEX40 + "\n", "notes.txt"));
    assertTrue(
        found("sourcegraph-access-token", "# sourcegraph\ncommit = " + HEX40 + "\n", "notes.txt"));
  }

  @Test
  void entropy_dropsGenericValuesAtOrBelowTheFloor() {
    // "aaaaaaaabbbbbbbb12" has entropy 1.66, under generic-api-key's 3.5.
    assertTrue(
        detect("api_key = \"aaaaaaaabbbbbbbb12\"").stream()
            .noneMatch(c -> c.rule().id().equals("generic-api-key")));
    Candidate c = only("generic-api-key", "api_key = \"" + GENERIC + "\"", "src/app.env");
    assertTrue(c.entropy() > 3.5);
  }

  @Test
  void secretGroup_picksTheConfiguredGroup() {
    // sonar-api-token has two groups; secretGroup = 2 picks the token, not the word "token" in
    // group 1.
    Candidate c =
        only(
            "sonar-api-token",
            "SONAR_TOKEN=squ_fd12aabfe228f219e9cb0eb53f16947ccf25ec84",
            "ci.env");
    assertEquals("squ_fd12aabfe228f219e9cb0eb53f16947ccf25ec84", c.secret());
  }

  @Test
  void captureGroup_isTheSecretWhenNoGroupIsConfigured() {
    // gcp-api-key captures the key and matches the closing quote after it; the secret is the group
    // alone.
    Candidate c =
        only("gcp-api-key", "key: \"AIza3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9Zhyi\"", "app.yaml");
    assertEquals("AIza3J1TWDtkwtDDb_xHKas1VOqg6YYZYn9Zhyi", c.secret());
    assertTrue(c.match().endsWith("\""));
  }

  @Test
  void nestedGroups_secretIsTheFirstNonEmptyGroup() {
    Candidate c = only("sourcegraph-access-token", "sourcegraph_token: " + HEX40 + "\n", "a.yml");
    assertEquals(HEX40, c.secret());
  }

  @Test
  void match_omitsTheLineBreakTheRuleConsumed() {
    // generic-api-key ends in (?:[\x60'"\s;]|...), so the regex takes the newline; gitleaks trims
    // it.
    Candidate c = only("generic-api-key", "api_key = " + GENERIC + "\nnext = 1\n", "a.env");
    assertEquals("api_key = " + GENERIC, c.match());
  }

  @Test
  void pathRule_appliesOnlyToMatchingFiles() {
    String php = "'secret_key' => 'sk_A4uoRgnatmUdjAWtGSU8po!799Nks',";
    assertTrue(found("freemius-secret-key", php, "wp-content/plugins/x/config.php"));
    assertFalse(found("freemius-secret-key", php, "docs/config.txt"));
    String tf = "administrator_login_password = \"xi6rhxo55zbka5\"";
    assertTrue(found("hashicorp-tf-password", tf, "infra/main.tf"));
    assertFalse(found("hashicorp-tf-password", tf, "infra/main.py"));
  }

  @Test
  void pathOnlyRule_reportsMatchingFilesOutsideGloballyAllowedPaths() {
    // pkcs12-file has no regex; gitleaks still skips files under a globally allowed path such as
    // node_modules.
    Source source =
        new Source() {
          @Override
          public String describe() {
            return "memory";
          }

          @Override
          public void emit(Sink sink) {
            for (String path :
                List.of("certs/client.p12", "web/node_modules/x/test.p12", "certs/client.pem")) {
              sink.accept(
                  new SourceItem(
                      Blob.of(new byte[] {1, 2, 3}), List.of(new Provenance.File(path))));
            }
          }
        };
    ScanResult result =
        Scanner.create(
                rules,
                new ScanOptions(1, ScanOptions.DEFAULT_MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
                new Fingerprinter(new byte[32]))
            .scan(List.of("memory"), List.of(source));
    List<String> paths =
        result.findings().stream()
            .filter(f -> f.ruleId().equals("pkcs12-file"))
            .flatMap(f -> f.occurrences().stream())
            .map(o -> o.provenance().path())
            .toList();
    assertEquals(List.of("certs/client.p12"), paths);
  }

  @Test
  void ruleAllowlist_secretTargetDropsLettersOnlyValues() {
    assertDetectedButFiltered(
        "generic-api-key", "api_key = \"NotReallyASecretValueHere\"", "a.env");
  }

  @Test
  void ruleAllowlist_matchTargetDropsKnownNonSecretNames() {
    // "primary_key" is in generic-api-key's match-target allowlist; "api_key" is not.
    assertDetectedButFiltered("generic-api-key", "primary_key = \"" + GENERIC + "\"", "a.env");
    assertTrue(found("generic-api-key", "api_key = \"" + GENERIC + "\"", "a.env"));
  }

  @Test
  void ruleAllowlist_lineTargetDropsDockerSecretMounts() {
    String mount = "RUN --mount=type=secret,id=npm TOKEN=" + GENERIC + " npm ci";
    assertDetectedButFiltered("generic-api-key", mount, "Dockerfile");
    assertTrue(found("generic-api-key", "RUN TOKEN=" + GENERIC + " npm ci", "Dockerfile"));
  }

  @Test
  void ruleAllowlist_stopwordsInTheSecretDropIt() {
    // "admin" is one of generic-api-key's stopwords; they are matched case-insensitively within the
    // secret.
    assertDetectedButFiltered("generic-api-key", "api_key = \"AdminRgSnRFsTHsDDDXh5J7\"", "a.env");
  }

  @Test
  void ruleAllowlist_andConditionNeedsEveryCriterion() {
    // generic-api-key's Yocto allowlist: its line regex AND a recipe path (.bb, .inc, ...) must
    // both hold.
    String srcrev = "SRCREV_token = \"" + GENERIC + "\"";
    assertDetectedButFiltered("generic-api-key", srcrev, "meta/recipe.bb");
    assertTrue(found("generic-api-key", srcrev, "meta/recipe.txt"));
    assertTrue(found("generic-api-key", "token = \"" + GENERIC + "\"", "meta/recipe.bb"));
  }

  @Test
  void globalAllowlist_pathsDropLockFilesAndVendoredCode() {
    String text = "token: " + GHP + "\n";
    assertTrue(found("github-pat", text, "src/app.js"));
    assertDetectedButFiltered("github-pat", text, "package-lock.json");
    assertDetectedButFiltered("github-pat", text, "web/node_modules/x/index.js");
    assertTrue(filter.pathAllowedGlobally("yarn.lock"));
    assertFalse(filter.pathAllowedGlobally("src/app.js"));
  }

  @Test
  void globalAllowlist_stopwordsDropTheSecret() {
    assertDetectedButFiltered(
        "generic-api-key", "api_key = \"abcdefghijklmnopqrstuvwxyz0123\"", "a.env");
  }

  @Test
  void globalAllowlist_regexesDropVariableReferences() {
    // nuget-config-password has a path and a low entropy floor; the global "^\\$[A-Z_]+$" regex
    // drops a
    // value that only names an environment variable.
    assertDetectedButFiltered(
        "nuget-config-password",
        "<add key=\"ClearTextPassword\" value=\"$NUGET_PASSWORD\" />",
        "NuGet.Config");
    assertTrue(
        found(
            "nuget-config-password",
            "<add key=\"ClearTextPassword\" value=\"Xk9#mQ2!pL7v\" />",
            "NuGet.Config"));
    assertFalse(
        found(
            "nuget-config-password",
            "<add key=\"ClearTextPassword\" value=\"Xk9#mQ2!pL7v\" />",
            "settings.xml"));
  }

  @Test
  void issuerKeys_areOwnedByTheIssuerRuleNotStripes() {
    String key = dev.keyhound.rules.KeyFormat.ISSUER.mint("sk_live_");
    List<Candidate> cs = accepted("STRIPE_KEY=" + key + "\n", "a.env");
    assertTrue(cs.stream().anyMatch(c -> c.rule().id().equals(RuleSet.ISSUER_RULE_ID)));
    assertTrue(cs.stream().noneMatch(c -> c.rule().id().equals("stripe-access-token")));
  }

  private static List<Candidate> detect(String text) {
    return detector.detect(text);
  }

  private static List<Candidate> accepted(String text, String path) {
    return detect(text).stream().filter(c -> filter.accepts(c, path, null)).toList();
  }

  private static boolean found(String ruleId, String text, String path) {
    return accepted(text, path).stream().anyMatch(c -> c.rule().id().equals(ruleId));
  }

  private static Candidate only(String ruleId, String text, String path) {
    List<Candidate> cs =
        accepted(text, path).stream().filter(c -> c.rule().id().equals(ruleId)).toList();
    assertEquals(1, cs.size(), ruleId + " candidates in: " + text);
    return cs.get(0);
  }

  /** The rule's regex, entropy and groups accept the text; only an allowlist turns it away. */
  private static void assertDetectedButFiltered(String ruleId, String text, String path) {
    List<Candidate> cs = detect(text).stream().filter(c -> c.rule().id().equals(ruleId)).toList();
    assertFalse(cs.isEmpty(), ruleId + " should detect: " + text);
    assertTrue(
        cs.stream().noneMatch(c -> filter.accepts(c, path, null)),
        ruleId + " should be allowed: " + text);
  }
}
