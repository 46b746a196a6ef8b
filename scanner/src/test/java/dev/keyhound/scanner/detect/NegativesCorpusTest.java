package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A labeled set of known non-secrets, generated from the built-in rules' own examples where it can
 * be: each example's value replaced by fillers and templates (placeholders), assignments of code
 * rather than values (identifiers), and values published in vendors' documentation. None may be
 * reported by the built-in pack.
 */
class NegativesCorpusTest {
  private static final RuleSet BUILTIN = RuleLoader.builtin();
  private static final Detector DETECTOR = new NaiveDetector(BUILTIN, DetectorOptions.DEFAULTS);

  /** Placeholder values that stand for a whole secret. */
  private static final List<String> TEMPLATES =
      List.of(
          "${API_TOKEN}",
          "$API_TOKEN",
          "<token>",
          "<your-api-key>",
          "{{ api_token }}",
          "{{api_token}}",
          "%API_TOKEN%",
          "your_token_here",
          "your-api-key-here",
          "changeme",
          "example",
          "dummy",
          "redacted",
          "REDACTED",
          "***************",
          "XXXXXXXXXXXXXXXXXXXXXXXX",
          "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
          "0000000000000000000000000000",
          "1234567890123456789012345678",
          "abcdefghijklmnopqrstuvwxyz",
          "<REPLACE_WITH_YOUR_TOKEN>");

  @Test
  void placeholders_inEveryRulesExamples_areNeverReported() {
    List<String> lines = placeholderLines();
    List<String> reported = reported(lines);
    assertTrue(lines.size() > 1000, "generated " + lines.size());
    assertEquals(List.of(), reported, reported.size() + " of " + lines.size() + " reported");
  }

  @Test
  void identifiersAndExpressions_areNotValues() {
    List<String> lines = identifierLines();
    List<String> reported = reported(lines);
    assertEquals(List.of(), reported, reported.size() + " of " + lines.size() + " reported");
  }

  @Test
  void falseFindingsSeenInRealCode_areNotReported() {
    // Lines that the built-in pack once reported in the JDK, Python, /usr/share/doc and npm corpora
    // (bench/false-positives.sh), kept here so that they stay fixed.
    List<String> lines =
        List.of(
            "    private_key: ed25519.Ed25519PrivateKey,",
            "var CONNECTION_TOKEN_CHARS = exports2.HEADER_CHARS;",
            "  PWD: '/Users/runner/work/project/project',",
            "%wheel ALL=(ALL) NOPASSWD: /bin/systemctl restart nginx",
            "        this.passwordRequired = !response.enableEmailLinkSignin;",
            " *   NextContinuationToken: \"1w41l63U0xa8q7smH50vCxyTQqdxo69O3EmK28Bi5PcROI4wI/EyIJg==\",",
            "                      passwd='geheim$parole')",
            "        Location: http://example.com/cb#access_token=2YotnFZFEjr1zCsicMWpAA",
            "            \"refresh_token\":\"tGzv3JOkF0XG5Qx2TlKWIA\",",
            "    eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9.4twFt5NiznN84AWoo1d7KO1T_yoc0Z6XOpOVswacPZg",
            "export KEYHOUND_WEBHOOK_SECRET=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            // Cloud APIs' idempotency and concurrency tokens (AWS CLI examples, moto).
            "    \"ClientToken\": \"9c41e5d2-73b8-4f0a-a1d6-58e2b7c3f904\",",
            "        \"LockToken\":\"3f8a2c71-d94e-4b6a-8e15-c07d2b9f6a48\",",
            "    \"NextLockToken\": \"b62e9d04-1a7c-4f38-9b25-e8d3c6a0f517\"",
            "    \"ChangeToken\": \"e7d1c4a9-52b8-4036-af9e-2c84b1d6e053\",",
            "            \"LifecycleActionToken\": \"5a0c9e37-d2f4-48b1-86ca-f93b17e2d460\",",
            "        self.update_token = \"c3b8f2e6-0d71-4a95-b4e8-17f6a2d9c053\"");
    List<String> reported = reported(lines);
    assertEquals(List.of(), reported, reported.size() + " of " + lines.size() + " reported");
  }

  @Test
  void publicExamples_areNotFindings() {
    List<String> lines = publicExampleLines();
    List<String> reported = reported(lines);
    assertEquals(List.of(), reported, reported.size() + " of " + lines.size() + " reported");
  }

  @Test
  void oneRepeatedCharacterAfterALivePrefix_isNotReported() {
    // The case from the issue: an .env.example with a live-looking prefix and filler behind it.
    for (char c : "x0aXZ*".toCharArray()) {
      String line = "STRIPE_SECRET_KEY=sk_live_" + String.valueOf(c).repeat(24);
      assertEquals(List.of(), reported(List.of(line)), line);
    }
  }

  /** Each rule's example values with the part after their fixed prefix swapped for fillers. */
  static List<String> placeholderLines() {
    List<String> out = new ArrayList<>();
    Random random = new Random(9);
    for (Rule rule : BUILTIN.rules()) {
      if (rule.regex() == null) {
        continue;
      }
      SecretShape shape = SecretShape.of(rule);
      for (String example : rule.examples()) {
        for (Candidate c : DETECTOR.detect(example)) {
          if (!c.rule().id().equals(rule.id())) {
            continue;
          }
          String head = example.substring(0, c.start());
          String tail = example.substring(c.end());
          String prefix =
              c.secret().substring(0, Math.min(shape.literalPrefix(), c.secret().length()));
          int n = c.secret().length() - prefix.length();
          for (String filler : fillers(c.secret().substring(prefix.length()), n, shape, random)) {
            out.add(head + prefix + filler + tail);
          }
          for (String t : TEMPLATES) {
            out.add(head + t + tail);
            out.add(head + prefix + t + tail);
          }
        }
      }
    }
    return out;
  }

  /** Fillers of the body's length: runs, sequences, repeated units and one-class values. */
  private static List<String> fillers(String body, int n, SecretShape shape, Random random) {
    List<String> out = new ArrayList<>();
    for (char c :
        new char[] {'x', 'X', '*', '0', '1', 'a', body.isEmpty() ? 'q' : body.charAt(0)}) {
      out.add(String.valueOf(c).repeat(n));
    }
    out.add(cycle("0123456789", n));
    out.add(cycle("abcdefghijklmnopqrstuvwxyz", n));
    out.add(cycle("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n));
    out.add(cycle("ab", n));
    out.add(cycle("1234", n));
    if (shape.alphabetKnown()
        && shape.lower() > 0
        && shape.upper() > 0
        && shape.digits() > 0
        && n >= 20) {
      StringBuilder lower = new StringBuilder();
      StringBuilder digits = new StringBuilder();
      for (int i = 0; i < n; i++) {
        lower.append((char) ('a' + random.nextInt(26)));
        digits.append((char) ('0' + random.nextInt(10)));
      }
      out.add(lower.toString());
      out.add(digits.toString());
    }
    return out;
  }

  private static String cycle(String unit, int n) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < n) {
      sb.append(unit);
    }
    return sb.substring(0, n);
  }

  /** Assignments whose right-hand side is code, for the names keyword rules look for. */
  static List<String> identifierLines() {
    List<String> names =
        List.of(
            "api_key",
            "apiKey",
            "secret",
            "token",
            "password",
            "client_secret",
            "private_key",
            "auth_token",
            "access_key",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "db_password");
    List<String> templates =
        List.of(
            "%s = exports2.HEADER_CHARS",
            "CONNECTION_TOKEN_CHARS = exports2.HEADER_CHARS",
            "%s: ed25519.Ed25519PrivateKey",
            "    %s: ed25519.Ed25519PrivateKey,",
            "%s = os.environ[\"%S\"]",
            "%s = os.environ.get(\"%S\")",
            "%s = os.getenv(\"%S\")",
            "const %s = process.env.%S;",
            "const %s = process.env[\"%S\"];",
            "String %s = System.getenv(\"%S\");",
            "%s = ENV.fetch(\"%S\")",
            "%s = ENV[\"%S\"]",
            "%s: ${{ secrets.%S }}",
            "%s = settings.%S",
            "%s = self.config.getSecretValue()",
            "%s = getSecretFromVault(client)",
            "%s = credentials.getPassword()",
            "%s = new SecretKeySpec(keyBytes, \"AES\")",
            "%s = CONNECTION_TOKEN_CHARS",
            "%s: SecretStr = Field(default=None)",
            "%s = Config.Secrets.PrimaryAccessKey",
            "%s = this.options.authentication.clientSecret",
            "%s := viper.GetString(\"%S\")",
            "$%s = getenv('%S');",
            "%s = Rails.application.credentials.secret_key_base",
            "PWD: '/Users/alice/Library/Application Support/keyhound'",
            "%s: '/Users/alice/Library/Application Support/keyhound'",
            "%s = \"/etc/ssl/private/server-certificate.key\"",
            "%%admin ALL=(ALL) NOPASSWD: /bin/systemctl",
            "deploy ALL=(root) NOPASSWD: /usr/bin/systemctl restart app",
            "%s = ./config/credentials/production.yml.enc",
            "%s = C:\\Users\\alice\\AppData\\Roaming\\app\\token.json",
            "%s = %S_DEFAULT_VALUE_NAME");
    List<String> out = new ArrayList<>();
    for (String t : templates) {
      for (String name : names) {
        out.add(
            t.replace("%S", name.toUpperCase(java.util.Locale.ROOT))
                .replace("%s", name)
                .replace("%%", "%"));
      }
    }
    return out.stream().distinct().toList();
  }

  /** Published documentation values, bare and in the contexts documentation shows them in. */
  static List<String> publicExampleLines() {
    String jwtIo =
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    Random random = new Random(3);
    List<String> jwts = new ArrayList<>(List.of(jwtIo));
    for (String payload :
        List.of(
            "{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"admin\":true,\"iat\":1516239022}",
            "{\"sub\":\"1234567890\",\"name\":\"Jane Doe\",\"iat\":1516239022}",
            "{\"sub\":\"1234567890\",\"iat\":1516239022}")) {
      for (String header :
          List.of("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "{\"alg\":\"RS256\",\"typ\":\"JWT\"}")) {
        byte[] sig = new byte[32];
        random.nextBytes(sig);
        jwts.add(
            b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
                + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "."
                + b64.encodeToString(sig));
      }
    }
    List<String> out = new ArrayList<>();
    for (String v :
        List.of(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AKIAI44QH8DHBEXAMPLE",
            "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")) {
      out.add("aws_access_key_id = " + v);
      out.add("aws_secret_access_key = " + v);
      out.add("export AWS_SECRET_ACCESS_KEY=\"" + v + "\"");
    }
    for (String j : jwts) {
      out.add("Authorization: Bearer " + j);
      out.add("curl -H \"Authorization: Bearer " + j + "\" https://api.example.com/");
      out.add("token = \"" + j + "\"");
      out.add("  \"id_token\": \"" + j + "\",");
    }
    for (String s :
        List.of("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_BQokikJOvBiI2HlWgH4olfQ2")) {
      out.add("stripe.api_key = \"" + s + "\"");
      out.add("curl https://api.stripe.com/v1/charges -u " + s + ":");
    }
    return out;
  }

  /** The lines of which some built-in rule reports something, with what it reported. */
  static List<String> reported(List<String> lines) {
    List<String> out = new ArrayList<>();
    MostSpecific one = new MostSpecific(BUILTIN);
    for (String line : lines) {
      for (Candidate c : one.resolve(DETECTOR.detect(line), RuleCheck.EXAMPLE_PATH)) {
        out.add(c.rule().id() + " <- " + line);
      }
    }
    return out;
  }
}
