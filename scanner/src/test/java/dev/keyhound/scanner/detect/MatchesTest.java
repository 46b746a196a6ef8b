package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatchesTest {
  @Test
  void hundredths_writeWhatPercentTwoFWrote() {
    for (double v : new double[] {0, 0.004, 0.005, 0.1, 1, 2.5, 3.456, 3.999, 4.0, 5.1, 6.25}) {
      assertEquals(String.format(Locale.ROOT, "%.2f", v), Matches.hundredths(v), "" + v);
    }
    // Entropies as they come: ratios of logarithms, never exactly halfway between hundredths.
    Random random = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      double v = random.nextDouble() * 8;
      assertEquals(String.format(Locale.ROOT, "%.2f", v), Matches.hundredths(v), "" + v);
    }
  }
}
