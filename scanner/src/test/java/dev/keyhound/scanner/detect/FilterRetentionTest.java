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
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The value filters cost (almost) no recall: random values of every built-in rule's shape, drawn
 * from its regex, are found with the filters as without them.
 */
class FilterRetentionTest {
  private static final int SAMPLES = 60;

  @Test
  void filters_dropAlmostNoRandomValueOfAnyRulesShape() {
    RuleSet builtin = RuleLoader.builtin();
    RegexSampler sampler = new RegexSampler(new Random(42));
    int found = 0;
    int kept = 0;
    List<String> worst = new ArrayList<>();
    for (Rule rule : builtin.rules()) {
      if (rule.regex() == null || rule.filters().isEmpty()) {
        continue;
      }
      Detector with = detectorOf(builtin, rule);
      Detector without = detectorOf(builtin, rule.withFilters(Set.of()));
      int ruleFound = 0;
      int ruleKept = 0;
      for (int i = 0; i < SAMPLES; i++) {
        String line = sampler.sample(rule.regex()).replace('\n', ' ');
        if (!without.detect(line).isEmpty()) {
          ruleFound++;
          if (!with.detect(line).isEmpty()) {
            ruleKept++;
          }
        }
      }
      found += ruleFound;
      kept += ruleKept;
      if (ruleFound > 0 && ruleKept < ruleFound * 0.9) {
        worst.add(rule.id() + " kept " + ruleKept + "/" + ruleFound);
      }
    }
    assertTrue(found > 1000, "samples found without filters: " + found);
    assertEquals(List.of(), worst);
    assertTrue(kept >= found * 0.99, "kept " + kept + " of " + found);
  }

  @Test
  void publicExamples_dropOnlyDocumentationJwts_notOthersSignedWithRealKeys() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            "{\"sub\":\"u_81f\",\"scope\":\"admin\"}".getBytes(StandardCharsets.UTF_8));
    String signedWithSample =
        header + "." + payload + "." + b64.encodeToString(hmac("secret", header + "." + payload));
    String signedWithReal =
        header
            + "."
            + payload
            + "."
            + b64.encodeToString(hmac("k9$Qv2!rT7zL0pXw", header + "." + payload));
    assertTrue(PublicExamples.why(signedWithSample).isPresent());
    assertTrue(PublicExamples.why(signedWithReal).isEmpty());
  }

  private static byte[] hmac(String key, String data) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A detector with the issuer rule (which owns its key shape) and one other rule. */
  private static Detector detectorOf(RuleSet builtin, Rule rule) {
    List<Rule> rules = new ArrayList<>();
    if (!rule.id().equals(RuleSet.ISSUER_RULE_ID)) {
      rules.add(builtin.rules().get(0));
    }
    rules.add(rule);
    return new OnlyRule(
        new NaiveDetector(
            new RuleSet("one", rules, List.of(), builtin.issuerFormat()), DetectorOptions.DEFAULTS),
        rule.id());
  }

  /** The candidates of one rule only. */
  private record OnlyRule(Detector inner, String id) implements Detector {
    @Override
    public List<Candidate> detect(String text) {
      return inner.detect(text).stream().filter(c -> c.rule().id().equals(id)).toList();
    }
  }
}
