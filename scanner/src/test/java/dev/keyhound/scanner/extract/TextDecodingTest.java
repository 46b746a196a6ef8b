package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TextDecoding#decodeWithChars} decodes exactly as the decoding that went from bytes to a
 * string and then to its chars did: same text, same binary verdicts, chars that are the text's, and
 * no percent escape before where it says the first may be (in ASCII text, exactly where it is).
 */
class TextDecodingTest {
  private static final int SAMPLE = 8000;

  /** The decoding before the ASCII path, kept word for word as the reference. */
  private static String reference(byte[] b) {
    if (b.length >= 2 && (b[0] & 0xff) == 0xfe && (b[1] & 0xff) == 0xff) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xfe) {
      return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
    }
    int n = Math.min(b.length, SAMPLE);
    int zeroEven = 0;
    int zeroOdd = 0;
    for (int i = 0; i < n; i++) {
      if (b[i] == 0) {
        if ((i & 1) == 0) {
          zeroEven++;
        } else {
          zeroOdd++;
        }
      }
    }
    if (zeroEven + zeroOdd == 0) {
      int from =
          b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf
              ? 3
              : 0;
      return new String(b, from, b.length - from, StandardCharsets.UTF_8);
    }
    int half = n / 2;
    if (half >= 4 && zeroOdd >= half * 0.9 && zeroEven <= half * 0.02) {
      return new String(b, 0, b.length & ~1, StandardCharsets.UTF_16LE);
    }
    if (half >= 4 && zeroEven >= half * 0.9 && zeroOdd <= half * 0.02) {
      return new String(b, 0, b.length & ~1, StandardCharsets.UTF_16BE);
    }
    return null;
  }

  private static void assertSameAsReference(byte[] b) {
    String expected = reference(b);
    TextDecoding.Decoded d = TextDecoding.decodeWithChars(b);
    String what = b.length > 64 ? b.length + " bytes" : HexFormat.of().formatHex(b);
    if (expected == null) {
      assertNull(d, what);
      assertNull(TextDecoding.decode(b), what);
      return;
    }
    assertNotNull(d, what);
    assertEquals(expected, d.text(), what);
    assertEquals(expected, TextDecoding.decode(b), what);
    assertEquals(expected.length(), d.length(), what);
    assertArrayEquals(expected.toCharArray(), Arrays.copyOf(d.chars(), d.length()), what);
    // Into a buffer that holds another text already, longer than this one: the same text.
    char[] used = ("%41 " + "x".repeat(b.length + 7) + "\u00e9\n").toCharArray();
    TextDecoding.Decoded into = TextDecoding.decodeWithChars(b, used);
    assertEquals(expected, into.text(), what);
    assertEquals(d.noEscapeBefore(), into.noEscapeBefore(), what);
    // And lent this thread's buffer, twice in a row, and again while it is lent: the same text.
    for (int round = 0; round < 2; round++) {
      TextDecoding.decode(
          b,
          true,
          lent -> {
            assertEquals(expected, lent.text(), what);
            TextDecoding.decode(b, true, inner -> assertEquals(expected, inner.text(), what));
            assertEquals(expected, lent.text(), what + ", after a text decoded meanwhile");
          });
    }
    int escape = firstEscape(expected);
    assertTrue(d.noEscapeBefore() <= escape, what);
    if (ascii(b)) {
      assertEquals(escape, d.noEscapeBefore(), what);
    }
    Segment s = d.segment("m");
    assertEquals("m", s.member());
    assertSame(d.chars(), s.chars());
  }

  /** Where the first percent escape is, as EncodedValues tells one: the text's length for none. */
  private static int firstEscape(String text) {
    for (int i = 0; i + 2 < text.length(); i++) {
      if (text.charAt(i) == '%'
          && Character.digit(text.charAt(i + 1), 16) >= 0
          && Character.digit(text.charAt(i + 2), 16) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  private static boolean ascii(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] < 0 || b[i] == 0 && i < SAMPLE) {
        return false;
      }
    }
    return true;
  }

  @Test
  void edges_emptyBomsNulsAndTheEndOfTheSample() {
    byte[][] cases = {
      {},
      {'a'},
      {0},
      {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'k', '=', '1'},
      {(byte) 0xef, (byte) 0xbb},
      {(byte) 0xfe, (byte) 0xff, 0, 'a', 0, 'b'},
      {(byte) 0xff, (byte) 0xfe, 'a', 0, 'b', 0, 'c'},
      {'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e', 0},
      {0, 'a', 0, 'b', 0, 'c', 0, 'd', 0, 'e'},
      {'a', 'b', 0x7f, '\n'},
      {'%', 'a', '%'},
      {'a', '%', 'b', 0, 'c'}, // a NUL after the first %: still binary
      {'a', '%', '2', '0', (byte) 0xc3, (byte) 0xa9},
      {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9},
      {(byte) 0xe9, 't', 'e'}, // Latin-1, not UTF-8
      {(byte) 0xc3}, // a truncated sequence
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
      {(byte) 0xf0, (byte) 0x9f, (byte) 0x94, (byte) 0x91}, // a supplementary char
    };
    for (byte[] b : cases) {
      assertSameAsReference(b);
    }
    for (int at : new int[] {SAMPLE - 1, SAMPLE, SAMPLE + 1}) {
      byte[] b = new byte[SAMPLE + 10];
      Arrays.fill(b, (byte) 'x');
      b[at] = 0;
      assertSameAsReference(b); // binary when the NUL is in the sample, text after it
      b[at] = (byte) 0x80;
      assertSameAsReference(b);
      b[at] = '%';
      assertSameAsReference(b); // the first % before, at and after the end of the sample
      for (int later : new int[] {at - 2, at + 5}) {
        b[later] = 0;
        assertSameAsReference(b); // a NUL after the first %: binary only in the sample
        b[later] = (byte) 0xe9;
        assertSameAsReference(b);
        b[later] = '%';
        assertSameAsReference(b);
        b[later] = 'x';
      }
    }
  }

  @Test
  void randomBytes_decodeAsTheReferenceDoes() {
    Random random = new Random(7);
    // Alphabets weighted towards what makes the paths differ: ASCII, NULs, UTF-8 lead and
    // continuation bytes, Latin-1, BOM bytes.
    byte[][] alphabets = {
      "abc =\n\t{}%+/".getBytes(StandardCharsets.US_ASCII),
      {'a', 'b', 0},
      {'a', (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x82, (byte) 0xac, (byte) 0x80},
      {'x', (byte) 0xe9, (byte) 0xfc, (byte) 0xff, (byte) 0xfe, (byte) 0xef, (byte) 0xbb},
      {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, (byte) 0xed, (byte) 0xa0, 'q'},
      // Overlong, out-of-range and truncated sequences.
      {
        (byte) 0xc0,
        (byte) 0x80,
        (byte) 0xe0,
        (byte) 0xf5,
        (byte) 0xf8,
        (byte) 0xbf,
        'a',
        (byte) 0xf4,
        (byte) 0x90,
        (byte) 0xc1,
        (byte) 0xe1
      },
    };
    for (int t = 0; t < 20_000; t++) {
      int n = random.nextInt(4) == 0 ? random.nextInt(SAMPLE * 2 + 100) : random.nextInt(40);
      byte[] b = new byte[n];
      int kind = random.nextInt(alphabets.length + 2);
      if (kind == alphabets.length) {
        random.nextBytes(b);
      } else if (kind == alphabets.length + 1) {
        // Mostly ASCII, with one odd byte somewhere: the ASCII loop must give up wherever it is.
        for (int i = 0; i < n; i++) {
          b[i] = (byte) (' ' + random.nextInt(95));
        }
        if (n > 0) {
          b[random.nextInt(n)] = (byte) (random.nextBoolean() ? 0 : 0x80 + random.nextInt(128));
        }
      } else {
        byte[] a = alphabets[kind];
        for (int i = 0; i < n; i++) {
          b[i] = a[random.nextInt(a.length)];
        }
      }
      if (n >= 3 && random.nextInt(8) == 0) {
        byte[][] boms = {
          {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
          {(byte) 0xfe, (byte) 0xff},
          {(byte) 0xff, (byte) 0xfe}
        };
        byte[] bom = boms[random.nextInt(boms.length)];
        System.arraycopy(bom, 0, b, 0, bom.length);
      }
      assertSameAsReference(b);
    }
  }

  @Test
  void firstEscape_isFoundWhereverItFallsInTheEightByteSteps() {
    Random random = new Random(11);
    // '$' and '&' are the bytes beside '%' (0x24, 0x26), where a borrow between bytes would show.
    byte[] alphabet = "%%$&4fFgz \n".getBytes(StandardCharsets.US_ASCII);
    for (int t = 0; t < 20_000; t++) {
      byte[] b = new byte[random.nextInt(50)];
      for (int i = 0; i < b.length; i++) {
        b[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      String text = new String(b, StandardCharsets.US_ASCII);
      int percent = text.indexOf('%', from);
      int escape = from + firstEscape(text.substring(from));
      String what = text + " from " + from;
      assertEquals(percent, TextDecoding.indexOfPercent(b, from), what);
      assertEquals(escape, TextDecoding.firstEscape(b, from), what);
    }
  }

  @Test
  void textNotAllAscii_boundsItsFirstEscapeFromItsBytes() {
    Random random = new Random(13);
    // Percent signs, ASCII hex digits, Unicode digits the escape search also reads as hex (Arabic
    // three, fullwidth A), other chars of two, three and four bytes, a malformed byte.
    String[] pieces = {
      "%", "%", "4", "f", "z", " ", "\n", "\u0663", "\uff21", "é", "€", "😀", "\ufffd"
    };
    for (int t = 0; t < 20_000; t++) {
      StringBuilder text = new StringBuilder("é");
      int n = random.nextInt(4) == 0 ? random.nextInt(3000) : random.nextInt(40);
      for (int i = 0; i < n; i++) {
        text.insert(random.nextInt(text.length() + 1), pieces[random.nextInt(pieces.length)]);
      }
      byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(10) == 0) {
        b[random.nextInt(b.length)] = (byte) 0xc3; // a truncated sequence somewhere
      }
      assertSameAsReference(b);
      TextDecoding.Decoded d = TextDecoding.decodeWithChars(b);
      if (new String(b, StandardCharsets.UTF_8).indexOf('%') < 0) {
        assertEquals(d.length(), d.noEscapeBefore(), text.toString());
      }
    }
    // Most text that is not all ASCII has no escape: its chars then need no search.
    byte[] plain = ("naïve = 100% \"ok\" — 日本\n".repeat(200)).getBytes(StandardCharsets.UTF_8);
    TextDecoding.Decoded d = TextDecoding.decodeWithChars(plain);
    assertEquals(d.length(), d.noEscapeBefore());
    byte[] late = ("é".repeat(400) + "x=%41").getBytes(StandardCharsets.UTF_8);
    d = TextDecoding.decodeWithChars(late);
    assertTrue(d.noEscapeBefore() >= 200 && d.noEscapeBefore() <= 402, "" + d.noEscapeBefore());
  }

  @Test
  void utf16WithoutBom_isToldByItsZeros() {
    String text = "password = \"hunter2\"\n".repeat(20);
    assertSameAsReference(text.getBytes(StandardCharsets.UTF_16LE));
    assertSameAsReference(text.getBytes(StandardCharsets.UTF_16BE));
    assertEquals(text, TextDecoding.decode(text.getBytes(StandardCharsets.UTF_16LE)));
  }
}
