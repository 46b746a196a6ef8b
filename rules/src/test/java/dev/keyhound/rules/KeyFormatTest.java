package dev.keyhound.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFormatTest {
  private static final String VECTOR = "sk_test_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4";

  @Test
  void check_acceptsTheTestVector() {
    assertEquals(KeyFormat.Validity.VALID, KeyFormat.ISSUER.check(VECTOR));
  }

  @Test
  void check_rejectsEverySingleCharacterChangeOfTheTestVector() {
    int prefix = "sk_test_".length();
    int changes = 0;
    for (int i = 0; i < VECTOR.length(); i++) {
      for (char c : KeyFormat.BASE62.toCharArray()) {
        if (c == VECTOR.charAt(i)) {
          continue;
        }
        String changed = VECTOR.substring(0, i) + c + VECTOR.substring(i + 1);
        // In the prefix a change makes another format; after it, CRC-32 catches every single-byte
        // change.
        KeyFormat.Validity expected =
            i < prefix ? KeyFormat.Validity.NOT_THIS_FORMAT : KeyFormat.Validity.BAD_CHECKSUM;
        assertEquals(expected, KeyFormat.ISSUER.check(changed), changed);
        changes++;
      }
    }
    assertTrue(changes > (VECTOR.length() - prefix) * 61, "changes: " + changes);
  }

  @Test
  void check_rejectsAChangedPrefixAsAnotherFormat() {
    assertEquals(
        KeyFormat.Validity.NOT_THIS_FORMAT,
        KeyFormat.ISSUER.check("sk_tesx_" + VECTOR.substring(8)));
  }

  @Test
  void check_rejectsWrongLengthsAndNonBase62() {
    assertEquals(KeyFormat.Validity.NOT_THIS_FORMAT, KeyFormat.ISSUER.check(VECTOR + "A"));
    assertEquals(KeyFormat.Validity.NOT_THIS_FORMAT, KeyFormat.ISSUER.check(VECTOR.substring(1)));
    assertEquals(
        KeyFormat.Validity.NOT_THIS_FORMAT,
        KeyFormat.ISSUER.check(VECTOR.substring(0, 20) + "-" + VECTOR.substring(21)));
  }

  @Test
  void mint_producesValidKeysForEveryPrefix() {
    for (int n = 0; n < 200; n++) {
      for (String p : KeyFormat.ISSUER.prefixes()) {
        String key = KeyFormat.ISSUER.mint(p);
        assertTrue(key.startsWith(p));
        assertEquals(KeyFormat.Validity.VALID, KeyFormat.ISSUER.check(key), key);
      }
    }
  }

  @Test
  void mint_rejectsAForeignPrefix() {
    assertThrows(IllegalArgumentException.class, () -> KeyFormat.ISSUER.mint("pk_live_"));
  }

  @Test
  void regex_findsMintedKeysAndCapturesThemInGroupOne() {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    var m = Pattern.compile(KeyFormat.ISSUER.regex()).matcher("KEY=" + key + "\n");
    assertTrue(m.find());
    assertEquals(key, m.group(1));
  }

  @Test
  void github_acceptsMintedTokensAndRejectsACorruptedChecksum() {
    for (String p : KeyFormat.GITHUB.prefixes()) {
      String token = KeyFormat.GITHUB.mint(p);
      assertEquals(40, token.length());
      assertEquals(KeyFormat.Validity.VALID, KeyFormat.GITHUB.check(token));
      char last = token.charAt(39);
      String bad = token.substring(0, 39) + (last == 'a' ? 'b' : 'a');
      assertEquals(KeyFormat.Validity.BAD_CHECKSUM, KeyFormat.GITHUB.check(bad));
    }
  }

  @Test
  void github_regexFindsTokensOfEveryPrefix() {
    Pattern p = Pattern.compile(KeyFormat.GITHUB.regex());
    for (String prefix : KeyFormat.GITHUB.prefixes()) {
      String token = KeyFormat.GITHUB.mint(prefix);
      var m = p.matcher("token: " + token);
      assertTrue(m.find(), token);
      assertEquals(token, m.group(1));
    }
  }

  @Test
  void github_rejectsOtherPrefixesAndLengths() {
    String token = KeyFormat.GITHUB.mint("ghp_");
    assertEquals(
        KeyFormat.Validity.NOT_THIS_FORMAT, KeyFormat.GITHUB.check("ghx_" + token.substring(4)));
    assertEquals(
        KeyFormat.Validity.NOT_THIS_FORMAT, KeyFormat.GITHUB.check(token.substring(0, 39)));
  }

  @Test
  void noChecksumFormat_acceptsAnyValueOfTheRightShape() {
    KeyFormat f = new KeyFormat("issuer", List.of("ak_"), 20, KeyFormat.Checksum.NONE);
    assertEquals(KeyFormat.Validity.VALID, f.check("ak_" + "A".repeat(20)));
    assertFalse(f.hasShape("ak_" + "A".repeat(21)));
    assertEquals(20, f.tailLength());
  }

  @Test
  void checksumOf_isSixBase62Characters() {
    String sum = KeyFormat.checksumOf("");
    assertEquals("000000", sum);
    assertEquals(6, KeyFormat.checksumOf("anything at all").length());
  }
}
