package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.testing.SharedFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast detector must give exactly the naive detector's candidates, in the same order, on any
 * text.
 */
class FastDetectorEquivalenceTest {
  private static final java.util.Map<String, RuleSet> EXTRA = new java.util.HashMap<>();

  /** Detectors per rule set, built once: analysing 200 regexes takes a second or two. */
  private static final java.util.Map<RuleSet, Pair> PAIRS = new java.util.IdentityHashMap<>();

  /** Valid checksummed keys, fixed so that a failing seed reproduces. */
  private static final String ISSUER_KEY = "sk_test_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4";

  private static final String GITHUB_KEY =
      "ghp_"
          + "Zq8Lm2Np4Rs6Tv8Xz0Bd1Fh3Jk5Mq7"
          + KeyFormat.checksumOf("Zq8Lm2Np4Rs6Tv8Xz0Bd1Fh3Jk5Mq7");
  private static final String PEM =
      "-----BEGIN RSA PRIVATE KEY-----\n"
          + "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
          + "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n"
          + "LxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo\n"
          + "-----END RSA PRIVATE KEY-----\n";

  /**
   * The built-in pack, gitleaks' rules, and any rule file named by -Dkeyhound.test.extraRules
   * (gitleaks TOML).
   */
  static Stream<Arguments> ruleSets() {
    Stream<Arguments> sets =
        Stream.of(
            Arguments.of("built-in", (Supplier<RuleSet>) RuleLoader::builtin),
            // Read when the case runs: without the shared folder, only these cases are skipped.
            Arguments.of("gitleaks", (Supplier<RuleSet>) SharedFiles::gitleaksRules));
    String extra = System.getProperty("keyhound.test.extraRules", "");
    return extra.isEmpty()
        ? sets
        : Stream.concat(
            sets,
            Stream.of(
                Arguments.of(
                    extra,
                    (Supplier<RuleSet>)
                        () ->
                            EXTRA.computeIfAbsent(
                                extra, x -> SharedFiles.rules(java.nio.file.Path.of(x))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void rulesExamples_giveNaiveCandidates(String name, Supplier<RuleSet> set) {
    RuleSet rules = set.get();
    Pair d = pair(rules);
    for (Rule r : rules.rules()) {
      for (String ex : concat(r.examples(), r.negativeExamples())) {
        d.check(ex, r.id() + " example");
        d.check("config:\r\n  " + ex + "\r\n", r.id() + " example, CRLF");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void sampledSecretsOfEveryRule_giveNaiveCandidates(String name, Supplier<RuleSet> set) {
    RuleSet rules = set.get();
    Pair d = pair(rules);
    RegexSampler sampler = new RegexSampler(new Random(42));
    for (Rule r : rules.rules()) {
      if (r.regex() == null) {
        continue;
      }
      for (int i = 0; i < 4; i++) {
        String s = sampler.sample(r.regex());
        d.check(s, r.id() + " sample alone");
        d.check("x\n" + s + "\nint y = 0;\n", r.id() + " sample on its own line");
        d.check(
            "String a = \"" + s + "\"; // " + r.keywords() + "\r\n" + s,
            r.id() + " sample, CRLF, at end");
        d.check(s + " " + ISSUER_KEY + "\n" + s, r.id() + " sample beside a valid key");
      }
    }
    assertTrue(
        d.candidates > 0,
        "sampled secrets must produce some candidates, or the test shows nothing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void plantedSecrets_giveNaiveCandidates(String name, Supplier<RuleSet> set) {
    RuleSet rules = set.get();
    Pair d = pair(rules);
    String issuer = ISSUER_KEY;
    String github = GITHUB_KEY;
    String longLine =
        "api_key = \"" + "A1b2C3d4".repeat(500) + "\" ".repeat(300) + "token=Zq8Lm2Np4Rs6Tv8Xz0Bd";
    List<String> texts =
        List.of(
            issuer,
            "key " + issuer,
            issuer + " key",
            "api_key = \"Zq8Lm2Np4Rs6Tv8Xz0Bd\"",
            "AKIAIOSFODNN7EXAMPLA\naws_secret_access_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ\"\n",
            "token:\n\n  \"" + github + "\"\n",
            "password\r\n=\r\n'S3cr3t-Pa55w0rd-Value'\r\n",
            PEM,
            "before " + PEM + " after",
            PEM.replace("\n", "\r\n"),
            "key = " + PEM,
            "secret = 'abc' # gitleaks:allow\nsecret = 'Zq8Lm2Np4Rs6Tv8Xz0Bd'\n",
            longLine,
            longLine.replace(' ', '\n'),
            "ſecret = \"Zq8Lm2Np4Rs6Tv8Xz0Bd\"",
            "İd_token = \"Zq8Lm2Np4Rs6Tv8Xz0Bd\"",
            "\u212Aey = \"Zq8Lm2Np4Rs6Tv8Xz0Bd\" 😀 token=\"😀Zq8Lm2Np4Rs6Tv8Xz0Bd\"",
            "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "",
            "key",
            "\n",
            "token=");
    for (String t : texts) {
      d.check(t, "planted");
    }
    assertTrue(d.candidates > 0, "planted secrets must produce candidates");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void jdkSources_giveNaiveCandidates(String name, Supplier<RuleSet> set) {
    RuleSet rules = set.get();
    assumeTrue(JdkSources.available(), "the JDK's src.zip is not installed");
    Pair d = pair(rules);
    for (String text : JdkSources.sample(97, 1_500_000)) {
      d.check(text, "JDK source");
    }
  }

  /**
   * Random edits of text full of planted secrets and keywords, from a fixed seed so a failure
   * repeats.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void randomMutations_giveNaiveCandidates(String name, Supplier<RuleSet> set) {
    RuleSet rules = set.get();
    Pair d = pair(rules);
    Random random = new Random(20261126L);
    RegexSampler sampler = new RegexSampler(random);
    List<Rule> withRegex = rules.rules().stream().filter(r -> r.regex() != null).toList();
    List<String> pieces =
        new ArrayList<>(
            List.of(
                "\n",
                "\r\n",
                " ",
                "=",
                "\"",
                "'",
                ":",
                "key",
                "token",
                "api",
                "secret",
                "password",
                "-----BEGIN",
                "PRIVATE KEY-----",
                "ſ",
                "İ",
                "\u212A",
                "😀",
                "\t",
                "\\n",
                "ghp_",
                "sk_live_",
                "AKIA",
                PEM,
                ISSUER_KEY,
                GITHUB_KEY));
    for (int round = 0; round < 300; round++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 12; i++) {
        sb.append(
            random.nextBoolean()
                ? sampler.sample(withRegex.get(random.nextInt(withRegex.size())).regex())
                : pieces.get(random.nextInt(pieces.size())));
        sb.append(random.nextInt(3) == 0 ? "\n" : " ");
      }
      for (int edit = 0; edit < 6; edit++) {
        int at = random.nextInt(sb.length() + 1);
        switch (random.nextInt(4)) {
          case 0 -> sb.insert(at, pieces.get(random.nextInt(pieces.size())));
          case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(4)));
          case 2 -> sb.insert(at, sb.substring(at, Math.min(sb.length(), at + random.nextInt(40))));
          default -> sb.insert(at, (char) (' ' + random.nextInt(95)));
        }
      }
      d.check(sb.toString(), "mutation round " + round);
    }
    assertTrue(d.candidates > 0, "mutated texts must produce candidates");
  }

  private static Pair pair(RuleSet rules) {
    Pair p = PAIRS.computeIfAbsent(rules, Pair::new);
    p.candidates = 0;
    return p;
  }

  /**
   * With DFA caches of a handful of states, flushes happen mid-scan all the time; results must not
   * change.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleSets")
  void tinyDfaCaches_giveNaiveCandidates(String name, Supplier<RuleSet> set) {
    RuleSet rules = set.get();
    Pair d = new Pair(rules, 3);
    Random random = new Random(7);
    RegexSampler sampler = new RegexSampler(random);
    List<Rule> withRegex = rules.rules().stream().filter(r -> r.regex() != null).toList();
    StringBuilder sb =
        new StringBuilder("token = 'Zq8Lm2Np4Rs6Tv8Xz0Bd'\n").append(ISSUER_KEY).append('\n');
    for (int i = 0; i < 200; i++) {
      sb.append(sampler.sample(withRegex.get(random.nextInt(withRegex.size())).regex()))
          .append(random.nextBoolean() ? "\n" : " = ");
    }
    d.check(sb.toString(), "samples of every rule, tiny caches");
    d.check(PEM + sb + PEM, "samples between PEM blocks, tiny caches");
    assertTrue(d.candidates > 0, "the text must produce candidates");
  }

  /**
   * A keyword the index cannot hold (not ASCII) triggers its rule from the lower-cased text, which
   * the detector makes from the chars when it is given chars alone ({@link Pair#check} runs both).
   */
  @Test
  void keywordsOutsideTheIndex_giveNaiveCandidates() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
            [[rules]]
            id = "cle"
            regex = '''(?i)clé[ =:]+([a-z0-9]{16})'''
            keywords = ["clé"]

            [[rules]]
            id = "jeton"
            regex = '''jeton[ =:]+([a-z0-9]{16})'''
            keywords = ["jeton"]
            """,
            "rules.toml");
    assertTrue(
        rules.rules().stream().anyMatch(r -> r.keywords().stream().noneMatch(RulePlan::indexable)),
        "a rule triggered by the lower-cased text");
    Pair d = new Pair(rules);
    d.check("CLÉ = abcdefgh12345678\njeton: 12345678abcdefgh\n", "both rules");
    d.check("x\nclé=zzzzzzzz99999999", "the lower-cased rule alone");
    d.check("jeton = 0123456789abcdef", "the indexed rule alone");
    assertTrue(d.candidates >= 4, "the texts must produce candidates: " + d.candidates);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The two detectors over one rule set, compared text by text. */
  private static final class Pair {
    final Detector naive;
    final Detector fast;
    int candidates;

    Pair(RuleSet rules) {
      this(rules, LazyDfa.MAX_CACHED_STATES);
    }

    Pair(RuleSet rules, int maxCachedStates) {
      naive = new NaiveDetector(rules, DetectorOptions.DEFAULTS);
      fast = new FastDetector(rules, DetectorOptions.DEFAULTS, maxCachedStates);
    }

    void check(String text, String what) {
      List<Candidate> expected = naive.detect(text);
      List<Candidate> actual = fast.detect(text);
      if (!expected.equals(actual)) {
        assertEquals(
            render(expected), render(actual), what + ": fast and naive differ on text:\n" + text);
        assertEquals(expected, actual, what);
      }
      // A file's decoded text reaches the detector as chars alone (no string made): the same.
      assertEquals(actual, fast.detect(null, text.toCharArray()), what + ": given chars only");
      // And in a buffer reused from text to text, which holds more after it: never read.
      char[] buffer = (text + STALE).toCharArray();
      assertEquals(actual, fast.detect(null, buffer, text.length()), what + ": in a longer buffer");
      assertEquals(
          actual, fast.detect(text, buffer, text.length()), what + ": string, longer buffer");
      candidates += expected.size();
    }

    /**
     * What a reused buffer may hold past the text: the rest of a longer text before it, with
     * secrets, keywords, line feeds and a low surrogate that would pair with a high one ending the
     * text.
     */
    private static final String STALE =
        "\uDC00 = \"Zq8Lm2Np4Rs6Tv8Xz0Bd\"\napi_key = \"Zq8Lm2Np4Rs6Tv8Xz0Bd\" "
            + ISSUER_KEY
            + "\n"
            + GITHUB_KEY
            + "\ntoken:\n\n  "
            + PEM;

    private static String render(List<Candidate> cs) {
      return cs.stream()
          .map(c -> c.rule().id() + "@" + c.start() + "-" + c.end() + " " + c.match())
          .collect(Collectors.joining("\n"));
    }
  }
}
