package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EncodedValues} over a segment's chars, starting its percent search where the decoding saw
 * the first percent escape (or, for text that is not ASCII, the first {@code %}), emits exactly
 * what {@link EncodedValuesReference} (the string-reading implementation before it) emits: the same
 * decoded texts at the same lines and columns.
 */
class EncodedValuesEquivalenceTest {
  private static final int DEPTH = 3;

  private static final String STALE =
      "cGFzc3dvcmQ9aHVudGVyMmh1bnRlcjJodW50ZXIy %41%42%43 dG9rZW49WnE4TG0yTnA0UnM2VHY4WHowQmQ=\n";

  private static List<String> reference(Segment s) {
    List<String> out = new ArrayList<>();
    EncodedValuesReference.expand(s, DEPTH, x -> out.add(describe(x)));
    return out;
  }

  private static List<String> current(byte[] bytes) {
    // Into a buffer holding more text after this one (as a reused buffer does), with encoded runs
    // of its own: what follows the text is never read.
    char[] buffer = new char[bytes.length + STALE.length()];
    STALE.getChars(0, STALE.length(), buffer, bytes.length);
    TextDecoding.Decoded d = TextDecoding.decodeWithChars(bytes, buffer);
    List<String> out = new ArrayList<>();
    EncodedValues.expand(
        d.segment(null), d.noEscapeBefore(), d.ascii(), DEPTH, x -> out.add(describe(x)));
    return out;
  }

  private static String describe(Segment s) {
    return s.encodedAt() + " " + s.text();
  }

  private static void assertSame(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Segment s = new Segment(null, TextDecoding.decode(bytes));
    List<String> expected = reference(s);
    assertEquals(expected, current(bytes), text);
    List<String> fromString = new ArrayList<>();
    EncodedValues.expand(s, DEPTH, x -> fromString.add(describe(x)));
    assertEquals(expected, fromString, text);
  }

  @Test
  void examples_urlsTokensAndFormatStrings() {
    String token = Base64.getEncoder().encodeToString("aws_secret_access_key=abcd1234".getBytes());
    String nested = Base64.getEncoder().encodeToString(("x=" + token + "\n").getBytes());
    for (String text :
        List.of(
            "",
            "printf(\"%d items, %s\", n, s);\n",
            "url = https://h/p?q=a%20b%2Fc&token=ghp_%41%42\n",
            "a\nb\n  key: " + token + "\n  other: " + nested + "\n%2F%3D\n",
            "%41" + "\n".repeat(5) + token + " %4",
            "%٣٣x %ＡＢ%4١ é " + token,
            "\r\n\r\n%2541%2541%2541\n" + token.replace('+', '-'))) {
      assertSame(text);
    }
  }

  @Test
  void randomTexts_emitWhatTheReferenceEmits() {
    String[] tokens = new String[8];
    Random random = new Random(5);
    for (int i = 0; i < tokens.length; i++) {
      StringBuilder plain = new StringBuilder("secret_" + i + "=");
      for (int k = 0; k < 12 + random.nextInt(30); k++) {
        plain.append((char) ('!' + random.nextInt(90)));
      }
      byte[] raw = plain.toString().getBytes(StandardCharsets.UTF_8);
      tokens[i] =
          i % 2 == 0
              ? Base64.getEncoder().encodeToString(raw)
              : Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
    String[] pieces = {
      " ",
      "\n",
      "\r\n",
      "=",
      "%",
      "%2",
      "%20",
      "%2F",
      "%zz",
      "%d",
      "%s",
      "%4١",
      "é",
      "中",
      "a",
      "word",
      "path/to_x-y",
      "?q=",
      "&",
      ":",
      "@",
      "'",
      "\t",
      "%25",
      "%41%42%43"
    };
    int withFinds = 0;
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(60);
      for (int i = 0; i < n; i++) {
        sb.append(
            random.nextInt(8) == 0
                ? tokens[random.nextInt(tokens.length)]
                : pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      assertSame(text);
      // And as ASCII only, which is searched for escapes in its bytes.
      assertSame(text.replaceAll("[^\\x00-\\x7f]", ""));
      if (!reference(new Segment(null, text)).isEmpty()) {
        withFinds++;
      }
    }
    assertFalse(withFinds < 1000, "too few texts with encoded runs to compare: " + withFinds);
  }
}
