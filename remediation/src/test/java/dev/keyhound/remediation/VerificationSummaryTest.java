package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationSummaryTest {
  @Test
  void summary_countsOnlyAnsweredKeysAsVerifiedAndNamesWhyTheOthersGotNone() {
    List<Verification> outcomes =
        List.of(
            new Verification.Inactive(),
            new Verification.Unknown("timeout", null),
            new Verification.Unknown("timeout", null),
            new Verification.Unknown("HTTP 429", null));

    String line = Verifications.summary(outcomes, 1000);

    assertEquals(
        "verified 1 key(s) in 1000 ms (4.0 keys/s); 3 key(s) got no answer: HTTP 429 (1),"
            + " timeout (2); the next run retries them",
        line);
  }

  @Test
  void summary_isOneClauseWhenEveryKeyWasAnswered() {
    assertEquals(
        "verified 2 key(s) in 500 ms (4.0 keys/s)",
        Verifications.summary(
            List.of(new Verification.Inactive(), new Verification.Inactive()), 500));
  }
}
