package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The built-in pack's plan shapes and DFA tables, decided at build time, are the ones a scan would
 * decide and build.
 */
class PlanCacheTest {
  private static final RuleSet BUILTIN = RuleLoader.builtin();

  @Test
  void packagedCache_holdsEveryBuiltInRule() {
    long withRegex = BUILTIN.rules().stream().filter(Rule::hasRegex).count();
    assertEquals(withRegex, PlanCache.builtin().size(), "the build writes builtin.plans");
    for (Rule r : BUILTIN.rules()) {
      if (r.hasRegex()) {
        assertNotNull(PlanCache.builtin().shapeFor(r), r.id());
      }
    }
  }

  @Test
  void packagedShapes_equalAFreshAnalysis() {
    FastDetector cached = new FastDetector(BUILTIN, DetectorOptions.DEFAULTS);
    FastDetector fresh =
        new FastDetector(
            BUILTIN, DetectorOptions.DEFAULTS, LazyDfa.MAX_CACHED_STATES, PlanCache.EMPTY);
    assertEquals(fresh.describePlans(), cached.describePlans());
    for (Rule r : BUILTIN.rules()) {
      if (r.hasRegex()) {
        // The whole shape, bounds the description leaves out included.
        assertEquals(RulePlan.shapeOf(r), PlanCache.builtin().shapeFor(r), r.id());
      }
    }
  }

  @Test
  void ruleChangedSinceTheBuild_isAnalysedAfresh() {
    Rule builtin = BUILTIN.rule("private-key");
    Rule edited =
        Rule.of(builtin.id(), "edited", "[a-z]+:[\\s\\S]*?PRIVATE KEY", builtin.keywords());
    Rule otherKeywords = Rule.of(builtin.id(), "edited", builtin.pattern().source(), List.of("x"));
    assertNull(PlanCache.builtin().shapeFor(edited));
    assertNull(PlanCache.builtin().shapeFor(otherKeywords));
    RuleSet rules = new RuleSet("user", List.of(edited), List.of(), KeyFormat.ISSUER);
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals("DFA whole text", fast.describePlans().get("private-key"));
    String text = "k:\n\n\n\n\n\n\n\n\n\n\nPRIVATE KEY\n";
    assertEquals(
        new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text), fast.detect(text));
  }

  @Test
  void writtenCache_readsBackTheSameShapes() throws IOException {
    PlanCache cache = PlanCache.of(BUILTIN);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    cache.write(bytes);
    PlanCache read = PlanCache.read(new ByteArrayInputStream(bytes.toByteArray()));
    for (Rule r : BUILTIN.rules()) {
      if (r.hasRegex()) {
        assertEquals(cache.shapeFor(r), read.shapeFor(r), r.id());
      }
    }
  }

  @Test
  void packagedTables_holdEveryDfaRule_withAForwardTableUnlessWholeText() {
    int dfaRules = 0;
    for (Rule r : BUILTIN.rules()) {
      RulePlan.Shape shape = r.hasRegex() ? PlanCache.builtin().shapeFor(r) : null;
      if (shape != null && shape.kind() == RulePlan.Kind.DFA) {
        dfaRules++;
        RulePlan.Tables t = PlanCache.builtin().tablesFor(r);
        assertNotNull(t, "the build writes builtin.nfas: " + r.id());
        assertEquals(shape.wholeText(), t.forward() == null, r.id());
      }
    }
    assertTrue(dfaRules > 200, "built-in rules run by DFA: " + dfaRules);
  }

  /**
   * The packaged tables accept where tables built from the regex in this JVM accept, forwards over
   * texts holding samples of the rule's regex, its examples and noise, and backwards from each end.
   */
  @Test
  void packagedTables_acceptWhereTablesBuiltFromTheRegexDo() {
    Random random = new Random(12);
    RegexSampler sampler = new RegexSampler(random);
    int rulesWithMatches = 0;
    int dfaRules = 0;
    for (Rule r : BUILTIN.rules()) {
      RulePlan.Shape shape = r.hasRegex() ? PlanCache.builtin().shapeFor(r) : null;
      if (shape == null || shape.kind() != RulePlan.Kind.DFA) {
        continue;
      }
      dfaRules++;
      RulePlan.Tables packaged = PlanCache.builtin().tablesFor(r);
      RulePlan.Tables fresh = RulePlan.tablesOf(r, shape, null);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        text.append(noise(random)).append(sampler.sample(r.regex()));
      }
      r.examples().forEach(e -> text.append('\n').append(e).append(noise(random)));
      r.negativeExamples().forEach(e -> text.append('\n').append(e));
      String t = text.toString();
      String reversed = new StringBuilder(t).reverse().toString();
      List<Integer> ends = new ArrayList<>();
      if (packaged.forward() != null) {
        List<String> trace = trace(new LazyDfa(fresh.forward(), true, 4096), t, 0, ends);
        assertEquals(trace, trace(new LazyDfa(packaged.forward(), true, 4096), t, 0, null), r.id());
      } else {
        ends.add(t.length());
      }
      rulesWithMatches += ends.isEmpty() ? 0 : 1;
      LazyDfa freshBack = new LazyDfa(fresh.backward(), false, 4096);
      LazyDfa packagedBack = new LazyDfa(packaged.backward(), false, 4096);
      for (int end : ends) {
        int from = t.length() - end;
        assertEquals(
            trace(freshBack, reversed, from, null),
            trace(packagedBack, reversed, from, null),
            r.id() + " backwards from " + end);
      }
    }
    // The samples are matches of the regex, so the superset's DFA accepts on nearly every rule.
    assertTrue(rulesWithMatches > dfaRules * 9 / 10, rulesWithMatches + " of " + dfaRules);
  }

  @Test
  void writtenTables_readBackAsTheyWereBuilt() throws IOException {
    RuleSet rules =
        rulesNamed("aws-access-key-id", "github-classic-token", "private-key", "generic-api-key");
    PlanCache cache = PlanCache.of(rules);
    PlanCache read = roundTrip(cache, bytes -> {});
    for (Rule r : rules.rules()) {
      RulePlan.Tables built = cache.tablesFor(r);
      RulePlan.Tables back = read.tablesFor(r);
      assertNotNull(back, r.id());
      assertEquals(encoded(built.backward()), encoded(back.backward()), r.id());
      assertEquals(
          built.forward() == null ? null : encoded(built.forward()),
          back.forward() == null ? null : encoded(back.forward()),
          r.id());
    }
  }

  @Test
  void damagedTables_areNotUsed_andTheRuleStillFindsItsKey() throws IOException {
    RuleSet rules = rulesNamed("github-classic-token");
    Rule rule = rules.rules().get(0);
    // One flipped bit in a rule's tables could still read as tables, of another language.
    PlanCache damaged = roundTrip(PlanCache.of(rules), bytes -> bytes[bytes.length - 9] ^= 0x10);
    assertNotNull(damaged.shapeFor(rule), "the shapes are intact");
    assertNull(damaged.tablesFor(rule));
    FastDetector fast =
        new FastDetector(rules, DetectorOptions.DEFAULTS, LazyDfa.MAX_CACHED_STATES, damaged);
    String text = "token = " + rule.examples().get(0) + "\n";
    List<Candidate> found = fast.detect(text);
    assertEquals(new NaiveDetector(rules, DetectorOptions.DEFAULTS).detect(text), found);
    assertTrue(!found.isEmpty(), "the example is found");
  }

  @Test
  void tableOfAnotherRule_isNotUsed() throws IOException {
    Rule builtin = BUILTIN.rule("github-classic-token");
    Rule edited = Rule.of(builtin.id(), "edited", "ghp_[0-9]{36}", builtin.keywords());
    assertNull(PlanCache.builtin().tablesFor(edited));
  }

  private static RuleSet rulesNamed(String... ids) {
    List<Rule> rules = new ArrayList<>();
    for (String id : ids) {
      rules.add(BUILTIN.rule(id));
    }
    return new RuleSet("some", rules, List.of(), KeyFormat.ISSUER);
  }

  /** Writes the cache and reads it back, with {@code damage} done to the tables' bytes. */
  private static PlanCache roundTrip(PlanCache cache, Consumer<byte[]> damage) throws IOException {
    ByteArrayOutputStream plans = new ByteArrayOutputStream();
    cache.write(plans);
    ByteArrayOutputStream tables = new ByteArrayOutputStream();
    cache.writeTables(tables);
    byte[] t = tables.toByteArray();
    damage.accept(t);
    return PlanCache.read(
        new ByteArrayInputStream(plans.toByteArray()), new ByteArrayInputStream(t));
  }

  private static List<Integer> encoded(LazyDfa.Nfa nfa) {
    Varints.Writer w = new Varints.Writer();
    nfa.write(w);
    List<Integer> out = new ArrayList<>();
    for (byte b : w.toByteArray()) {
      out.add((int) b);
    }
    return out;
  }

  /**
   * Where the DFA accepts (and for which NFAs) reading {@code text} from {@code from} until it
   * dies; those positions are added to {@code ends} when not null.
   */
  private static List<String> trace(LazyDfa dfa, String text, int from, List<Integer> ends) {
    LazyDfa.Cache c = dfa.newCache();
    List<String> out = new ArrayList<>();
    int s = c.start();
    for (int i = from; i < text.length() && s != LazyDfa.DEAD; i++) {
      s = c.step(s, text.charAt(i));
      if (c.accepts(s)) {
        out.add(i + 1 + ":" + Arrays.toString(c.accepted(s)));
        if (ends != null) {
          ends.add(i + 1);
        }
      }
    }
    int last = c.step(s, RegexAutomata.END_OF_TEXT);
    out.add("end:" + c.accepts(last));
    return out;
  }

  /** Printable ASCII, line feeds and a few non-ASCII chars, as between secrets in real text. */
  private static String noise(Random random) {
    String alphabet = "abcXYZ019 _-=:\"'/+.\n\tüßК€";
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(40); i > 0; i--) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
