package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The case tables every scan builds at its start ({@link CaseOrbits}, {@link KeywordChars}) are
 * built the quick way; these are the plain definitions they must equal, char for char.
 */
class CaseTablesTest {
  private static final int LIMIT = 0x20000;

  @Test
  void caseOrbits_equalTheClassesOfTheCaseMappings() {
    Map<Integer, int[]> expected = orbitsByDefinition();
    for (int c = 0; c < LIMIT + 16; c++) {
      int[] members = expected.get(c);
      assertEquals(members != null, CaseOrbits.hasOrbit(c), "hasOrbit U+" + Integer.toHexString(c));
      int[] orbit = CaseOrbits.orbit(c);
      assertEquals(c, orbit[0]);
      int[] sorted = orbit.clone();
      java.util.Arrays.sort(sorted);
      assertArrayEquals(members == null ? new int[] {c} : members, sorted, "U+" + hex(c));
    }
  }

  @Test
  void keywordChars_equalWhatLowerCasingAndFoldingMake() {
    StringBuilder notNone = new StringBuilder();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      int expected = asciiLowerByDefinition((char) c);
      assertEquals(expected, KeywordChars.asciiLower((char) c), "U+" + hex(c));
      if (expected != KeywordChars.NONE) {
        notNone.append((char) c);
      }
    }
    assertEquals(notNone.toString(), new String(KeywordChars.notNone()));
    // The few non-ASCII chars that count: the Kelvin sign and long s fold to ASCII, U+0130
    // lower-cases to two chars.
    assertEquals('k', KeywordChars.asciiLower('\u212a'));
    assertEquals(KeywordChars.SPECIAL, KeywordChars.asciiLower('\u017f'));
    assertEquals(KeywordChars.SPECIAL, KeywordChars.asciiLower('\u0130'));
  }

  private static String hex(int c) {
    return Integer.toHexString(c);
  }

  /** What a char lower-cases to in a String, judged as the naive detector's prefilter sees it. */
  private static int asciiLowerByDefinition(char c) {
    if (c < 128) {
      return Character.toLowerCase(c);
    }
    if (Character.isSurrogate(c)) {
      return KeywordChars.NONE;
    }
    String lower = String.valueOf(c).toLowerCase(Locale.ROOT);
    if (lower.length() == 1 && lower.charAt(0) < 128) {
      return lower.charAt(0);
    }
    if (lower.chars().anyMatch(ch -> ch < 128)) {
      return KeywordChars.SPECIAL;
    }
    for (int r : orbitByDefinition(c)) {
      if (r < 128) {
        return KeywordChars.SPECIAL;
      }
    }
    return KeywordChars.NONE;
  }

  private static int[] orbitByDefinition(int c) {
    int[] members = ORBITS.get(c);
    return members == null ? new int[] {c} : members;
  }

  private static final Map<Integer, int[]> ORBITS = orbitsByDefinition();

  /** Classes of code points joined by lower-, upper- and title-case mappings, sorted. */
  private static Map<Integer, int[]> orbitsByDefinition() {
    Map<Integer, List<Integer>> neighbours = new HashMap<>();
    for (int c = 0; c < LIMIT; c++) {
      for (int m :
          new int[] {
            Character.toLowerCase(c), Character.toUpperCase(c), Character.toTitleCase(c)
          }) {
        if (m != c && m < LIMIT) {
          neighbours.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
          neighbours.computeIfAbsent(m, k -> new ArrayList<>()).add(c);
        }
      }
    }
    Map<Integer, int[]> out = new HashMap<>();
    for (int start : neighbours.keySet()) {
      if (out.containsKey(start)) {
        continue;
      }
      List<Integer> seen = new ArrayList<>(List.of(start));
      for (int i = 0; i < seen.size(); i++) {
        for (int n : neighbours.get(seen.get(i))) {
          if (!seen.contains(n)) {
            seen.add(n);
          }
        }
      }
      int[] sorted = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
      for (int m : sorted) {
        out.put(m, sorted);
      }
    }
    return out;
  }
}
