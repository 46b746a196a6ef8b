package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TS = 1614265330L;
  private static final String BODY = "{\"test\": 2432232314}";

  @Test
  void sign_matchesStandardWebhooksSpecVector() {
    assertEquals(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        new WebhookSigner(SECRET).sign(ID, TS, BODY));
  }

  @Test
  void verify_acceptsAnyOfSeveralSignatures() {
    assertTrue(
        new WebhookSigner(SECRET)
            .verify(ID, TS, BODY, "v1,bm90IGl0 v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
  }

  @Test
  void verify_rejectsATamperedBodyOrTimestamp() {
    WebhookSigner s = new WebhookSigner(SECRET);
    String sig = s.sign(ID, TS, BODY);
    assertFalse(s.verify(ID, TS, "{\"test\": 2432232315}", sig));
    assertFalse(s.verify(ID, TS + 1, BODY, sig));
  }
}
