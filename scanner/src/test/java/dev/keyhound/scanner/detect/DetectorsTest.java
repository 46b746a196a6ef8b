package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import org.junit.jupiter.api.Test;

class DetectorsTest {
  private static final RuleSet RULES = RuleLoader.builtin();

  @Test
  void create_picksTheNaiveDetectorForSmallInputsAndTheFastOneOtherwise() {
    assertInstanceOf(
        NaiveDetector.class, Detectors.create(RULES, DetectorOptions.DEFAULTS, 10_000));
    assertInstanceOf(
        FastDetector.class, Detectors.create(RULES, DetectorOptions.DEFAULTS, 10_000_000));
    assertInstanceOf(FastDetector.class, Detectors.create(RULES, DetectorOptions.DEFAULTS));
  }

  @Test
  void bothChoicesGiveTheSameCandidates() {
    String text =
        "aws_access_key_id = AKIAZ3MHQ4XLPTWVN7RB\ntoken: "
            + KeyFormat.ISSUER.mint("sk_test_")
            + "\n";
    assertEquals(
        Detectors.create(RULES, DetectorOptions.DEFAULTS, 1).detect(text),
        Detectors.create(RULES, DetectorOptions.DEFAULTS).detect(text));
  }
}
