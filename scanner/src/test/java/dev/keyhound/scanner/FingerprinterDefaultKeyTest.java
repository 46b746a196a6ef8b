package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * The default id key is written out as a constant; it must stay the digest of the documented text.
 */
class FingerprinterDefaultKeyTest {
  @Test
  void defaultKey_isTheKeyOfTheDocumentedDefaultText() {
    assertArrayEquals(
        Fingerprinter.keyFromText(Fingerprinter.DEFAULT_KEY_TEXT), Fingerprinter.defaultKey());
  }
}
