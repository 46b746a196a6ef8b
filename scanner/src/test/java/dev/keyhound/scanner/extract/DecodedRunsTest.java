package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EncodedValues#percent} and {@link EncodedValues#base64} decode as their plain first
 * versions did (kept here as the reference): every escape as {@code Character.digit} reads it,
 * strict UTF-8, no control characters.
 */
class DecodedRunsTest {

  private static String referencePercent(String run) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(run.length());
    for (int i = 0; i < run.length(); i++) {
      char c = run.charAt(i);
      if (c == '%'
          && i + 2 < run.length()
          && Character.digit(run.charAt(i + 1), 16) >= 0
          && Character.digit(run.charAt(i + 2), 16) >= 0) {
        bytes.write(
            Character.digit(run.charAt(i + 1), 16) * 16 + Character.digit(run.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    String decoded = referenceText(bytes.toByteArray());
    return decoded == null || decoded.equals(run) ? null : decoded;
  }

  private static String referenceText(byte[] bytes) {
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        return null;
      }
    }
    return s;
  }

  @Test
  void percent_examples() {
    assertEquals("key=a b/c", EncodedValues.percent("key=a%20b%2Fc"));
    assertEquals("café", EncodedValues.percent("caf%C3%A9"));
    assertNull(EncodedValues.percent("caf%C3%28"), "malformed UTF-8");
    assertNull(EncodedValues.percent("a%00b"), "a control character");
    assertNull(EncodedValues.percent("a%7Fb"), "DEL");
    assertEquals("a\tb", EncodedValues.percent("a%09b"));
    assertNull(EncodedValues.percent("plain"), "nothing decoded");
    assertNull(EncodedValues.percent("100%"), "a lone %");
    assertEquals("%zz!", EncodedValues.percent("%zz%21"));
  }

  @Test
  void percent_decodesRandomRunsAsTheReference() {
    String[] pieces = {
      "%",
      "%2",
      "%20",
      "%2f",
      "%2F",
      "%3D",
      "%C3",
      "%A9",
      "%FF",
      "%00",
      "%0A",
      "%7F",
      "%E2%82%AC",
      "a",
      "Z",
      "0",
      "9",
      "f",
      "G",
      "=",
      "&",
      "/",
      "?",
      ".",
      "é",
      "\uFF11",
      "\u0661",
      "%\uFF11\uFF12"
    };
    Random random = new Random(11);
    int decoded = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder run = new StringBuilder();
      for (int k = random.nextInt(12); k >= 0; k--) {
        run.append(pieces[random.nextInt(pieces.length)]);
      }
      String r = run.toString();
      String expected = referencePercent(r);
      assertEquals(expected, EncodedValues.percent(r), r);
      decoded += expected == null ? 0 : 1;
    }
    // Both outcomes are exercised.
    assertTrue(decoded > 1000 && decoded < 19_000, "decoded " + decoded);
  }

  @Test
  void base64_decodesRandomBytesAsTheReference() {
    Random random = new Random(12);
    for (int n = 0; n < 20_000; n++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        int kind = random.nextInt(10);
        bytes[i] =
            (byte)
                (kind < 7
                    ? 0x20 + random.nextInt(0x5f)
                    : kind < 9 ? random.nextInt(256) : "é€".getBytes(StandardCharsets.UTF_8)[0]);
      }
      boolean url = random.nextBoolean();
      String run = (url ? Base64.getUrlEncoder() : Base64.getEncoder()).encodeToString(bytes);
      assertEquals(referenceText(bytes), EncodedValues.base64(run, url), run);
    }
  }
}
