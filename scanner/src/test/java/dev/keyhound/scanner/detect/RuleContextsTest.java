package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every built-in rule whose example is an assignment ({@code NAME=VALUE}) still finds that value
 * when the same name and value are written the way other languages and file formats write them: the
 * generator below wraps each example in every context template, so a rule written for {@code .env}
 * lines cannot silently miss the same key in YAML, XML, Go, a Makefile or a JSON string.
 */
class RuleContextsTest {

  /** One way of writing "this name holds this value". */
  record Context(String id, Set<Character> cannotHold, Function<Names, String> render) {
    String apply(Names n) {
      return render.apply(n);
    }

    boolean canHold(String value) {
      return value.chars().noneMatch(c -> cannotHold.contains((char) c));
    }
  }

  /** The example's name in each spelling a language uses, and the value, ready to render. */
  record Names(String original, List<String> words, String value) {
    String upper() {
      return String.join("_", words).toUpperCase(Locale.ROOT);
    }

    String snake() {
      return String.join("_", words);
    }

    String dotted() {
      return String.join(".", words);
    }

    String camel() {
      StringBuilder sb = new StringBuilder(words.get(0));
      for (String w : words.subList(1, words.size())) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
      }
      return sb.toString();
    }

    String pascal() {
      String c = camel();
      return Character.toUpperCase(c.charAt(0)) + c.substring(1);
    }
  }

  private static final Set<Character> NONE = Set.of();
  // Characters a context would interpret (quotes that end the string, $ that interpolates, # that
  // starts a comment, & and < that XML escapes): a value holding one is written differently there.
  private static final Set<Character> DQ = Set.of('"', '\\', '$', '`');
  private static final Set<Character> SQ = Set.of('\'', '\\');
  private static final Set<Character> XML = Set.of('&', '<', '>', '"', '\'');
  private static final Set<Character> PLAIN = Set.of('#', '"', '\'', ' ', '\\', '$');
  private static final Set<Character> YAML_PLAIN = Set.of('#', '"', '\'', ' ', ':', '{', '[', '&');

  static final List<Context> CONTEXTS =
      List.of(
          new Context("dotenv", PLAIN, n -> n.upper() + "=" + n.value() + "\n"),
          new Context("shell-export", DQ, n -> "export " + n.upper() + "=\"" + n.value() + "\"\n"),
          new Context(
              "ini", PLAIN, n -> "[default]\nregion = eu-west-1\n" + n.snake() + " = " + n.value()),
          new Context("properties", PLAIN, n -> "app.name=demo\n" + n.dotted() + "=" + n.value()),
          new Context("toml", DQ, n -> "[service]\n" + n.snake() + " = \"" + n.value() + "\"\n"),
          new Context(
              "yaml-plain", YAML_PLAIN, n -> "service:\n  " + n.snake() + ": " + n.value() + "\n"),
          new Context(
              "yaml-double-quoted",
              DQ,
              n -> "service:\n  " + n.snake() + ": \"" + n.value() + "\""),
          new Context(
              "yaml-single-quoted", SQ, n -> "service:\n  " + n.snake() + ": '" + n.value() + "'"),
          new Context(
              "yaml-block-literal",
              NONE,
              n -> "service:\n  " + n.snake() + ": |\n    " + n.value() + "\n  next: 1\n"),
          new Context(
              "yaml-block-folded",
              NONE,
              n -> "service:\n  " + n.snake() + ": >-\n    " + n.value() + "\n"),
          new Context(
              "json",
              DQ,
              n -> "{\n  \"" + n.snake() + "\": \"" + n.value() + "\",\n  \"debug\": false\n}"),
          new Context(
              "json-string-holding-a-config-file",
              DQ,
              // A whole .env file inside one JSON string: its line breaks are the two characters
              // \n.
              n ->
                  "{\"files\": {\".env\": \"# generated\\nDEBUG=false\\n"
                      + n.upper()
                      + "="
                      + n.value()
                      + "\\nPORT=8080\\n\"}}"),
          new Context(
              "xml-element",
              XML,
              n ->
                  "<config>\n  <"
                      + n.camel()
                      + ">"
                      + n.value()
                      + "</"
                      + n.camel()
                      + ">\n</config>"),
          new Context(
              "xml-attribute",
              XML,
              n ->
                  "<appSettings>\n  <add key=\""
                      + n.pascal()
                      + "\" value=\""
                      + n.value()
                      + "\" />"),
          new Context("go-var", DQ, n -> "var " + n.camel() + " string = \"" + n.value() + "\"\n"),
          new Context("go-short-var", DQ, n -> "\t" + n.camel() + " := \"" + n.value() + "\"\n"),
          new Context("php-assign", SQ, n -> "$" + n.snake() + " = '" + n.value() + "';\n"),
          new Context("php-append", SQ, n -> "$" + n.snake() + " .= '" + n.value() + "';\n"),
          new Context(
              "java-set-property",
              DQ,
              n -> "System.setProperty(\"" + n.dotted() + "\", \"" + n.value() + "\");"),
          new Context(
              "java-constant",
              DQ,
              n -> "private static final String " + n.upper() + " = \"" + n.value() + "\";"),
          new Context(
              "csharp-const",
              DQ,
              n -> "private const string " + n.pascal() + " = \"" + n.value() + "\";"),
          new Context(
              "python-kwargs",
              DQ,
              n -> "client = Client(" + n.snake() + "=\"" + n.value() + "\", timeout=30)"),
          new Context(
              "ruby-hash-symbol", DQ, n -> "config = { " + n.snake() + ": \"" + n.value() + "\" }"),
          new Context(
              "ruby-hash-rocket",
              SQ,
              n -> "config = { :" + n.snake() + " => '" + n.value() + "', :x => 1 }"),
          new Context(
              "hcl",
              DQ,
              n -> "resource \"svc\" \"main\" {\n  " + n.snake() + " = \"" + n.value() + "\"\n}\n"),
          new Context("makefile-recursive", PLAIN, n -> n.upper() + " = " + n.value() + "\n"),
          new Context("makefile-simple", PLAIN, n -> n.upper() + " := " + n.value() + "\n"),
          new Context("makefile-posix-simple", PLAIN, n -> n.upper() + " ::= " + n.value() + "\n"),
          new Context("makefile-immediate", PLAIN, n -> n.upper() + " :::= " + n.value() + "\n"),
          new Context("makefile-conditional", PLAIN, n -> n.upper() + " ?= " + n.value() + "\n"),
          new Context("makefile-append", PLAIN, n -> n.upper() + " += " + n.value() + "\n"),
          new Context(
              "dockerfile-env", PLAIN, n -> "FROM alpine\nENV " + n.upper() + "=" + n.value()),
          new Context(
              "dockerfile-env-space",
              PLAIN,
              // The older ENV form: one name, whitespace, the rest of the line is the value.
              n -> "FROM alpine\nENV " + n.upper() + " " + n.value() + "\nRUN true\n"),
          new Context(
              "dockerfile-arg", PLAIN, n -> "FROM alpine\nARG " + n.upper() + "=" + n.value()),
          new Context(
              "kotlin-typed-val",
              DQ,
              n -> "class Config {\n    val " + n.camel() + ": String = \"" + n.value() + "\"\n}"),
          new Context(
              "kotlin-typed-var",
              DQ,
              n -> "private var " + n.camel() + ": String? = \"" + n.value() + "\"\n"));

  /** Only for password rules: the password is the second argument, with no name beside it. */
  static final Context CSHARP_NETWORK_CREDENTIAL =
      new Context(
          "csharp-network-credential",
          DQ,
          n -> "var cred = new NetworkCredential(\"svc-deploy\", \"" + n.value() + "\");");

  /**
   * Rules whose format lives in one kind of file only, with the reason; the generator does not wrap
   * them. Keep this short: every entry is a recall gap unless its reason holds.
   */
  static final Map<String, String> ONE_FORMAT_ONLY =
      Map.of(
          "freemius-secret-key",
          "the Freemius SDK's PHP configuration array ('secret_key' => 'sk_...'), a path rule on"
              + " *.php",
          "hashicorp-tf-password",
          "Terraform and HCL attributes only, a path rule on *.tf, *.tfvars and *.hcl");

  /**
   * Rules that still miss some contexts, to be fixed by their owners (ids h-z by branch rulesB);
   * the test prints what they miss but does not fail. A listed rule that finds every context fails
   * the test, so the list only shrinks. Empty once both halves of the pack have merged.
   */
  static final Set<String> PENDING = Set.of();

  // NAME=VALUE, NAME: VALUE, "NAME": "VALUE", export NAME="VALUE"...; group 1 the name, 3 the
  // value.
  private static final Pattern ASSIGNMENT =
      Pattern.compile(
          "^\\s*(?:export\\s+)?[\"']?([A-Za-z_][A-Za-z0-9_.-]*)[\"']?\\s*(?:=|:|=>)\\s*([\"']?)(\\S+?)\\2\\s*[,;]?\\s*$");

  private static RuleSet rules;
  private static NaiveDetector detector;
  private static CandidateFilter filter;

  @BeforeAll
  static void load() {
    rules = RuleLoader.builtin();
    detector = new NaiveDetector(rules, DetectorOptions.DEFAULTS);
    filter = new CandidateFilter(rules);
  }

  @TestFactory
  Stream<DynamicTest> assignmentRule_findsItsExampleInEveryContext() {
    return rules.rules().stream()
        .filter(r -> r.regex() != null && !r.id().equals(RuleSet.ISSUER_RULE_ID))
        .filter(r -> !ONE_FORMAT_ONLY.containsKey(r.id()))
        .filter(r -> !assignments(r).isEmpty())
        .map(r -> DynamicTest.dynamicTest(r.id(), () -> assertFoundEverywhere(r)));
  }

  @Test
  void keywordRules_haveAnAssignmentExampleForTheGenerator() {
    // A rule that matches a name, an operator and a value (its regex has the "=>" alternative every
    // keyword rule shares) must give the generator something to wrap.
    List<String> without =
        rules.rules().stream()
            .filter(r -> r.regex() != null && isKeywordRule(r))
            .filter(r -> !ONE_FORMAT_ONLY.containsKey(r.id()))
            .filter(r -> assignments(r).isEmpty())
            .map(Rule::id)
            .toList();
    assertEquals(List.of(), without);
  }

  @Test
  void generator_rendersTheNameInEachLanguagesSpelling() {
    Names n = names("AWS_SECRET_ACCESS_KEY", "v");
    assertEquals("awsSecretAccessKey", n.camel());
    assertEquals("aws.secret.access.key", n.dotted());
    assertEquals("aws_secret_access_key", names("awsSecretAccessKey", "v").snake());
    assertTrue(CONTEXTS.size() >= 30, "contexts: " + CONTEXTS.size());
  }

  @Test
  void generator_contextsThatWouldChangeTheValueAreSkippedNotFaked() {
    Context xml = CONTEXTS.stream().filter(c -> c.id().equals("xml-element")).findFirst().get();
    assertFalse(xml.canHold("a&b"));
    assertTrue(xml.canHold("W3NdAGz3OA!989"));
  }

  private static boolean isKeywordRule(Rule r) {
    return r.regex().pattern().contains("=>");
  }

  private static void assertFoundEverywhere(Rule rule) {
    List<String> failures = new ArrayList<>();
    List<Context> contexts = new ArrayList<>(CONTEXTS);
    if (rule.tags().contains("password")) {
      contexts.add(CSHARP_NETWORK_CREDENTIAL);
    }
    for (Assignment a : assignments(rule)) {
      Names n = names(a.name(), a.value());
      for (Context c : contexts) {
        if (!c.canHold(a.value())) {
          continue;
        }
        String text = c.apply(n);
        if (!finds(rule, text, a.secret())) {
          failures.add(c.id() + ": " + RuleCheck.redact(text.replace("\n", "⏎")));
        }
      }
    }
    if (PENDING.contains(rule.id())) {
      assertFalse(failures.isEmpty(), rule.id() + " finds every context now: take it off PENDING");
      System.out.println("pending: " + rule.id() + " misses " + failures);
      return;
    }
    assertEquals(List.of(), failures, rule.id() + " misses its example in these contexts");
  }

  /** One example line read as name, value and the secret the rule finds inside the value. */
  record Assignment(String name, String value, String secret) {}

  static List<Assignment> assignments(Rule rule) {
    List<Assignment> out = new ArrayList<>();
    for (String example : rule.examples()) {
      if (example.contains("\n")) {
        continue;
      }
      Matcher m = ASSIGNMENT.matcher(example);
      if (!m.matches()) {
        continue;
      }
      String value = m.group(3);
      for (Candidate c : detector.detect(example)) {
        if (c.rule().id().equals(rule.id())
            && filter.accepts(c, RuleCheck.EXAMPLE_PATH, null)
            && value.contains(c.secret())) {
          out.add(new Assignment(m.group(1), value, c.secret()));
          break;
        }
      }
    }
    return out;
  }

  private static boolean finds(Rule rule, String text, String secret) {
    for (Candidate c : detector.detect(text)) {
      if (c.rule().id().equals(rule.id())
          && c.secret().equals(secret)
          && filter.accepts(c, RuleCheck.EXAMPLE_PATH, null)) {
        return true;
      }
    }
    return false;
  }

  static Names names(String name, String value) {
    List<String> words = new ArrayList<>();
    for (String part : name.split("[_.\\-]+")) {
      for (String w : part.split("(?<=[a-z0-9])(?=[A-Z])")) {
        if (!w.isEmpty()) {
          words.add(w.toLowerCase(Locale.ROOT));
        }
      }
    }
    return new Names(name, words, value);
  }
}
