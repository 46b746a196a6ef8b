package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The windowed and anchored runs find a hit's line by looking back from it ({@link
 * TextScan#lineStarts}) and cap their reach by counting line feeds, where they used a {@link
 * LineIndex} of the whole text: the same lines, and the same candidates as the naive detector.
 */
class HitLineStartsTest {
  /** What the old code used: the start of the line the line index puts the offset on. */
  private static int indexed(String text, int offset) {
    LineIndex li = new LineIndex(text);
    return li.lineStart(li.line(offset));
  }

  private static void assertLineStarts(String text, int... starts) {
    int[] pairs = new int[starts.length * 2];
    int[] expected = new int[starts.length];
    for (int i = 0; i < starts.length; i++) {
      pairs[2 * i] = starts[i];
      expected[i] = indexed(text, starts[i]);
    }
    // A longer array than used, as the keyword index hands it over.
    int[] padded = java.util.Arrays.copyOf(pairs, pairs.length + 6);
    assertArrayEquals(
        expected,
        TextScan.lineStarts(text.toCharArray(), text.length(), padded, pairs.length),
        text);
  }

  @Test
  void lineStarts_equalTheLineIndexOnEveryKindOfLineEnd() {
    assertLineStarts("", 0);
    assertLineStarts("abc", 0, 1, 2);
    assertLineStarts("abc\n", 0, 3);
    assertLineStarts("ab\r\ncd\r\n\r\nef", 0, 2, 3, 4, 5, 8, 10, 11);
    assertLineStarts("ab\rcd\ref", 0, 3, 6, 7); // CR alone ends no line, as for the line index
    assertLineStarts("\n\n\nx", 0, 1, 2, 3);
    assertLineStarts("no final newline\nlast", 17, 20);
    assertLineStarts("a\nbc\nde", 6); // the last char
    // Hits in end order whose starts go back: a longer keyword ending with a shorter one.
    assertLineStarts("x\nsecret_key\nkey", 9, 2, 13);
    assertLineStarts("x\nsecret_key\nkey", 2, 9, 9, 13, 13);
  }

  @Test
  void lineStarts_onRandomTextsAndSortedHits() {
    Random random = new Random(5);
    String[] pieces = {"a", "bc", "\n", "\r\n", "\r", "  ", "key"};
    for (int t = 0; t < 2000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(30);
      for (int i = 0; i < n; i++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      List<Integer> starts = new ArrayList<>();
      for (int i = 0; i < text.length(); i++) {
        if (random.nextInt(4) == 0) {
          starts.add(i);
        }
      }
      assertLineStarts(text, starts.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private static final String[] LINE_ENDS = {"\n", "\r\n", "\r", " ", "ab"};

  /** A few line ends of any kind, with text between them. */
  private static String gap(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int k = random.nextInt(7); k > 0; k--) {
      sb.append(LINE_ENDS[random.nextInt(LINE_ENDS.length)]);
    }
    return sb.toString();
  }

  private static String word(Random random, int length) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < length; k++) {
      sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
    }
    return sb.toString();
  }

  private static RuleSet rules(Rule... rules) {
    return new RuleSet("test", List.of(rules), List.of(), KeyFormat.ISSUER);
  }

  @Test
  void windowedAndAnchoredRules_findWhatNaiveFinds_onRandomLineEnds() {
    RuleSet rules =
        rules(
            // 3 lines after "curl", 0 before: capped by counting line feeds from the hit.
            Rule.of(
                "cu",
                "curl",
                "\\bcurl\\b(?:[^\\n]|\\n){0,3}?[ \\t]-u[ \\t]+([a-z0-9]{6,12})",
                List.of("curl")),
            // The secret up to 2 lines before "mark", any chars: runs start 2 lines back.
            Rule.of(
                "up",
                "lines before",
                "key:([a-z0-9]{8})[^\\n]*\\n(?:[^\\n]*\\n)?[^\\n]*\\bmark\\b",
                List.of("mark")),
            // Unbounded lines after its keyword: anchored, read until no match is in progress.
            Rule.of(
                "blk", "block", "BEGIN KEY\\r?\\n(?:[a-z0-9]+\\r?\\n)+END", List.of("begin key")),
            // Any chars before its keyword on its line: runs start at the line's start.
            Rule.of("pre", "prefix", "[a-z_]*secret[a-z_]*=([0-9]{6})\\b", List.of("secret")));
    FastDetector fast = new FastDetector(rules, DetectorOptions.DEFAULTS);
    NaiveDetector naive = new NaiveDetector(rules, DetectorOptions.DEFAULTS);
    assertEquals("DFA windowed (3 lines, 0 before)", fast.describePlans().get("cu"));
    assertEquals("DFA windowed (2 lines)", fast.describePlans().get("up"));
    assertEquals("DFA anchored (from 0 lines before)", fast.describePlans().get("blk"));
    Random random = new Random(7);
    java.util.Map<String, Integer> found = new java.util.TreeMap<>();
    for (int t = 0; t < 3000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        // Near matches of each rule with 0 to 6 line ends of each kind where its pattern allows
        // them, so some fall just inside a rule's reach and some just outside.
        switch (random.nextInt(6)) {
          case 0 -> sb.append("curl").append(gap(random)).append(" -u ").append(word(random, 8));
          case 1 ->
              sb.append("key:")
                  .append(word(random, 8))
                  .append(gap(random))
                  .append(random.nextBoolean() ? " mark" : " MARK");
          case 2 -> {
            sb.append("BEGIN KEY\n");
            for (int k = random.nextInt(4); k >= 0; k--) {
              sb.append(word(random, 5)).append(random.nextBoolean() ? "\n" : "\r\n");
            }
            sb.append("END");
          }
          case 3 ->
              sb.append(random.nextBoolean() ? "my_" : "")
                  .append("secret")
                  .append(random.nextBoolean() ? "_x" : "")
                  .append("=")
                  .append(100000 + random.nextInt(900000))
                  .append(' ');
          case 4 -> sb.append(gap(random));
          default -> sb.append(random.nextBoolean() ? "ſ" : "x y");
        }
      }
      String text = sb.toString();
      List<Candidate> expected = naive.detect(text);
      assertEquals(expected, fast.detect(text), text);
      expected.forEach(c -> found.merge(c.rule().id(), 1, Integer::sum));
    }
    assertEquals(
        true,
        found.size() == 4 && found.values().stream().allMatch(count -> count >= 50),
        "every rule matches in the random texts: " + found);
  }
}
