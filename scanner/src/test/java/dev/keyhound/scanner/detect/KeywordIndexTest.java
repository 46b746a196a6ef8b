package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keyword pass reads long texts as four quarters; its hits must be those of one pass. */
class KeywordIndexTest {
  private static final List<String> KEYWORDS =
      List.of("key", "secret", "sk", "token", "pat", "password", "passw", "aaaaaaaaaa", "://");

  private final KeywordIndex index = new KeywordIndex(KEYWORDS);

  @Test
  void asciiText_hitsAreEveryOccurrenceOfEveryKeyword_inEndOrder() {
    String text =
        ("x = API_KEY; pAsSwOrD=1 # sKey tokens://a " + "a".repeat(25) + "\n").repeat(9)
            + "secret_token";
    assertEquals(occurrences(text), pairs(index.scan(text.toCharArray())));
  }

  @Test
  void keywordAcrossAQuarter_isFoundOnce_whereverItStraddles() {
    for (String k : KEYWORDS) {
      for (int len = 128; len < 140; len++) {
        for (int at = 0; at + k.length() <= len; at++) {
          char[] text = new char[len];
          Arrays.fill(text, '.');
          k.toUpperCase(Locale.ROOT).getChars(0, k.length(), text, at);
          String s = new String(text);
          assertEquals(occurrences(s), pairs(index.scan(text)), k + " at " + at + " of " + len);
        }
      }
    }
  }

  @Test
  void randomTexts_withFoldingAndMultiByteChars_haveTheHitsOfOnePass() {
    // U+017F (long s), U+0130 (I with dot, which lower-cases to two chars), U+212A (Kelvin sign,
    // which lower-cases to 'k'), a surrogate pair and other non-ASCII chars, across quarters too.
    String[] pieces = {
      "key", "SECRET", "\u017Fk", "\u017Fecret", "s\u212Aey", "\u0130", "pat", "PASSW", "ord", "to",
      "ken", "a", "aaaaa", "://", "\n", " ", "\u00e9", "\uD83D\uDE00", "\u4e2d", "x"
    };
    Random random = new Random(12);
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      int target = random.nextInt(t < 1500 ? 300 : 3000);
      while (sb.length() < target) {
        String piece = pieces[random.nextInt(pieces.length)];
        // Half the texts hold no char that sends the pass to one piece, so the quarters run.
        if (t % 2 == 1 || piece.indexOf('\u017F') < 0 && piece.indexOf('\u0130') < 0) {
          sb.append(piece);
        }
      }
      char[] text = sb.toString().toCharArray();
      assertEquals(
          pairs(index.onePass(text)), pairs(index.scan(text)), () -> "text: " + new String(text));
    }
  }

  /**
   * The built-in pack's ~380 keywords, many of them prefixes, suffixes and overlaps of others (deep
   * failure links), over texts made of pieces of them: every occurrence, as a plain search finds.
   */
  @Test
  void builtinKeywords_overTextsOfTheirPieces_hitEveryOccurrence() {
    Set<String> ids = new LinkedHashSet<>();
    for (Rule r : RuleLoader.builtin().rules()) {
      for (String k : r.keywords()) {
        if (RulePlan.indexable(k)) {
          ids.add(k);
        }
      }
    }
    List<String> keywords = new ArrayList<>(ids);
    KeywordIndex builtin = new KeywordIndex(keywords);
    Random random = new Random(7);
    for (int t = 0; t < 400; t++) {
      StringBuilder sb = new StringBuilder();
      int target = random.nextInt(2000);
      while (sb.length() < target) {
        String k = keywords.get(random.nextInt(keywords.size()));
        int from = random.nextInt(k.length());
        String piece = k.substring(from, from + 1 + random.nextInt(k.length() - from));
        sb.append(random.nextBoolean() ? piece : piece.toUpperCase(Locale.ROOT));
        if (random.nextInt(4) == 0) {
          sb.append(" \n_-.=".charAt(random.nextInt(6)));
        }
      }
      String text = sb.toString();
      assertEquals(occurrences(keywords, text), pairs(builtin.scan(text.toCharArray())), text);
    }
  }

  private static List<List<Integer>> pairs(KeywordIndex.Hits hits) {
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < hits.length(); i += 2) {
      out.add(List.of(hits.pairs()[i], hits.pairs()[i + 1]));
    }
    return out;
  }

  /** Every (start, keyword id) of an ASCII text, by end then id: an independent reference. */
  private static List<List<Integer>> occurrences(String ascii) {
    return occurrences(KEYWORDS, ascii);
  }

  private static List<List<Integer>> occurrences(List<String> keywords, String ascii) {
    String lower = ascii.toLowerCase(Locale.ROOT);
    List<int[]> found = new ArrayList<>();
    for (int id = 0; id < keywords.size(); id++) {
      String k = keywords.get(id);
      for (int i = lower.indexOf(k); i >= 0; i = lower.indexOf(k, i + 1)) {
        found.add(new int[] {i + k.length(), i, id});
      }
    }
    found.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[2], y[2]));
    List<List<Integer>> out = new ArrayList<>();
    for (int[] f : found) {
      out.add(List.of(f[1], f[2]));
    }
    return out;
  }
}
