package dev.keyhound.scanner.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runes a case-insensitive regex treats as one: the classes of code points joined by Java's
 * lower-, upper- and title-case mappings. Unicode simple case folding (what RE2 uses) relates no
 * runes these mappings do not, so each orbit contains RE2's, which is what a superset prefilter
 * needs. Computed once, on first use (about a million case lookups).
 */
final class CaseOrbits {
  private CaseOrbits() {}

  /** The orbit of {@code rune}, {@code rune} first; a rune without case is alone in it. */
  static int[] orbit(int rune) {
    int[] members = Holder.ORBITS.get(rune);
    if (members == null) {
      return new int[] {rune};
    }
    int[] out = new int[members.length];
    out[0] = rune;
    int k = 1;
    for (int m : members) {
      if (m != rune) {
        out[k++] = m;
      }
    }
    return out;
  }

  /** Whether {@code rune} shares its orbit with another rune. */
  static boolean hasOrbit(int rune) {
    return Holder.ORBITS.containsKey(rune);
  }

  private static final class Holder {
    /**
     * Past the last cased code point of any Unicode version Java 17+ knows (Adlam ends at U+1E943):
     * the supplementary planes above have no case.
     */
    static final int LIMIT = 0x20000;

    static final Map<Integer, int[]> ORBITS = build();

    private static Map<Integer, int[]> build() {
      int[] parent = new int[LIMIT];
      for (int c = 0; c < LIMIT; c++) {
        parent[c] = c;
      }
      boolean[] cased = new boolean[LIMIT];
      for (int c = 0; c < LIMIT; c++) {
        for (int m :
            new int[] {
              Character.toLowerCase(c), Character.toUpperCase(c), Character.toTitleCase(c)
            }) {
          if (m != c && m < LIMIT) {
            cased[c] = cased[m] = true;
            parent[find(parent, c)] = find(parent, m);
          }
        }
      }
      Map<Integer, List<Integer>> classes = new HashMap<>();
      for (int c = 0; c < LIMIT; c++) {
        if (cased[c]) {
          classes.computeIfAbsent(find(parent, c), k -> new ArrayList<>()).add(c);
        }
      }
      Map<Integer, int[]> out = new HashMap<>();
      for (List<Integer> members : classes.values()) {
        int[] sorted = members.stream().mapToInt(Integer::intValue).sorted().toArray();
        for (int m : sorted) {
          out.put(m, sorted);
        }
      }
      return out;
    }

    private static int find(int[] parent, int c) {
      while (parent[c] != c) {
        parent[c] = parent[parent[c]];
        c = parent[c];
      }
      return c;
    }
  }
}
