package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import org.junit.jupiter.api.Test;

class BackgroundDetectorTest {
  private static final RuleSet RULES = RuleLoader.builtin();

  @Test
  void detect_givesTheFastDetectorsCandidates() {
    String text =
        "aws_access_key_id = AKIAZ3MHQ4XLPTWVN7RB\ntoken: "
            + KeyFormat.ISSUER.mint("sk_test_")
            + "\n";
    Detector background = Detectors.createInBackground(RULES, DetectorOptions.DEFAULTS);
    var expected = Detectors.create(RULES, DetectorOptions.DEFAULTS).detect(text);
    assertFalse(expected.isEmpty());
    assertEquals(expected, background.detect(text));
    assertInstanceOf(FastDetector.class, ((BackgroundDetector) background).detector());
  }

  @Test
  void detect_rethrowsWhatBuildingTheDetectorThrew() {
    Detector broken =
        new BackgroundDetector(
            () -> {
              throw new IllegalArgumentException("bad rule: r1");
            });
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> broken.detect("text"));
    assertEquals("bad rule: r1", e.getMessage());
  }
}
