package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void redact_showsAtMostFourTrailingCharacters() {
    String r = Redactor.redact("sk_live_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4");
    assertEquals("sk_live_…Y1e4", r);
  }

  @Test
  void redact_revealsLittleOfShortSecrets() {
    assertEquals("…", Redactor.redact("hunter2"));
    String r = Redactor.redact("abcdefghijkl");
    assertTrue(r.length() <= 6, r);
    assertFalse(r.contains("efgh"), r);
  }
}
