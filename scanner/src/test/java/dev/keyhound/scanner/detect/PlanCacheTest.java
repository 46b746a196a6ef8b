package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in pack's plan shapes, decided at build time, are the ones a scan would decide. */
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
}
