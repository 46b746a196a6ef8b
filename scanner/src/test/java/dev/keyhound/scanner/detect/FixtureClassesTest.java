package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The classes of miss and false finding that other scanners' public fixture suites showed
 * (bench/fixture-suite.sh), each pinned with values generated here rather than the fixtures' own:
 * keys whose encoded bytes hold long runs, prefixed formats read from a secret store or holding
 * long lower-case runs, and fillers that are typed rather than drawn.
 */
class FixtureClassesTest {
  private static final RuleSet BUILTIN = RuleLoader.builtin();
  private static final Detector DETECTOR = new NaiveDetector(BUILTIN, DetectorOptions.DEFAULTS);
  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Random random = new Random(20261129);

  @Test
  void privateKey_whoseBodyHoldsZeroByteRuns_isReported() {
    // DER and OpenSSH keys are full of zero bytes (lengths, padding): base64 turns them into runs
    // of
    // A far longer than the filler-run limit of a short value.
    byte[] der = new byte[600];
    random.nextBytes(der);
    for (int i = 20; i < 32; i++) {
      der[i] = 0;
    }
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n";
    assertTrue(body.contains("AAAAAAAAAAAA"), "the body holds a run of A");
    assertEquals(List.of("private-key"), ruleIds(pem));
  }

  @Test
  void prefixedToken_readFromASecretStoreExpression_isStillReported() {
    // A token pasted where a secret's name belongs: the fixed prefix says it is the value itself.
    String token = "pypi-AgEIcHlwaS5vcmc" + draw(ALNUM + "_-", 120);
    String line = "      password: ${{ secrets." + token + " }}";
    assertEquals(List.of("pypi-upload-token"), ruleIds(line));
  }

  @Test
  void prefixedToken_withLongLowerCaseRuns_isNotTakenForAnIdentifier() {
    String token =
        "oy2"
            + draw("abcdefghijklmnopqrstuvwxyz", 30)
            + draw("abcdefghijklmnopqrstuvwxyz0123456789", 13);
    String line =
        "dotnet nuget push pkg.nupkg --api-key "
            + token
            + " -s https://api.nuget.org/v3/index.json";
    assertEquals(List.of("nuget-api-key"), ruleIds(line));
  }

  @Test
  void interleavedAlphabetFiller_isNotReported() {
    // a1b2c3d4...: letters in order with one character between each, hand-typed filler.
    for (String line :
        List.of(
            "--set pixie.apiKey=px-api-a1b2c3d4-e5f6-g7h8-i9j0-k1l2m3n4o5p6",
            "CF_API_TOKEN=cfut_q1R2s3T4u5V6w7X8y9Z0a1B2c3D4e5F6g7H8i9J0kLm",
            "api_key = \"k9l8m7n6o5p4q3r2s1t0u9v8w7x6y5z4\"")) {
      assertEquals(List.of(), ruleIds(line), line);
    }
  }

  @Test
  void alphabetWalk_ofAlternatingCase_isNotReported() {
    // kLmNpQrStUv reads as random to a case-sensitive check; ignoring case it is the alphabet.
    for (String line :
        List.of(
            "DEPLOY_TOKEN=gldt-q7RsTuVwXy3b8n1c4x9z",
            "GITLAB_TOKEN=glpat-hJ4aBcDeFgH2k9m3n7p1",
            "SECRET_KEY=\"Zq8wYxWvUtSr6pLk2mJh9nBg\"",
            // the letters alone run b..q with digits between them
            "LINEAR_API_KEY=lin_api_7b3C5dE1f9Gh2I8jK4lM6nO0pQ8Rz3Tk5Wm9Xc2V")) {
      assertEquals(List.of(), ruleIds(line), line);
    }
  }

  @Test
  void nearMissOfAPrefixedFormat_isNotReportedByAGenericRule() {
    // dapi + upper-case hex, or a two-digit suffix: not a Databricks token, and not a generic
    // secret either, since the prefix says whose format it fails.
    String hex = draw("0123456789abcdef", 32);
    for (String line :
        List.of(
            "DATABRICKS_TOKEN=dapi" + hex.toUpperCase(java.util.Locale.ROOT),
            "DATABRICKS_TOKEN=dapi" + hex + "-42")) {
      assertEquals(List.of(), ruleIds(line), line);
    }
    assertEquals(List.of("databricks-token"), ruleIds("DATABRICKS_TOKEN=dapi" + hex + "-4"));
  }

  @Test
  void genericPassword_spellingSecretOrPasswordThroughDigitSwaps_isNotReported() {
    for (String line :
        List.of(
            "db_password = \"$uperS3cr3t!9\"",
            "smtp_password: 'P@ssw0rd#2024'",
            "ADMIN_PASSWORD=L3tM31n!2024")) {
      assertEquals(List.of(), ruleIds(line), line);
    }
  }

  @Test
  void genericPassword_ofRandomCharacters_isStillReported() {
    String password = draw(ALNUM, 14) + "!";
    assertEquals(List.of("generic-password"), ruleIds("db_password = \"" + password + "\""));
  }

  @Test
  void urlPassword_ofEightDifferentCharacters_isReported() {
    // Eight different characters have entropy exactly 3.0, the old floor.
    assertEquals(
        List.of("credentials-in-url"), ruleIds("DEPLOY_URL=https://deploy:Xq7vkP2m@ci.internal/"));
  }

  private String draw(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** What a scan reports for the text as a file named config.txt (rule paths and allowlists on). */
  private static List<String> ruleIds(String text) {
    CandidateFilter where = new CandidateFilter(BUILTIN);
    List<Candidate> here =
        DETECTOR.detect(text).stream().filter(c -> where.accepts(c, "config.txt", null)).toList();
    return new MostSpecific(BUILTIN)
        .resolve(here, "config.txt").stream().map(c -> c.rule().id()).distinct().toList();
  }
}
