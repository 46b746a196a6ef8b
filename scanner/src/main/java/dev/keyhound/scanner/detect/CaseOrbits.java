package dev.keyhound.scanner.detect;

import java.util.HashMap;
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
    return rune >= 0 && rune < Holder.LIMIT && Holder.CASED[rune];
  }

  private static final class Holder {
    /**
     * Past the last cased code point of any Unicode version Java 17+ knows (Adlam ends at U+1E943):
     * the supplementary planes above have no case.
     */
    static final int LIMIT = 0x20000;

    /** By code point below {@link #LIMIT}: whether it shares its orbit (is a key of ORBITS). */
    static final boolean[] CASED = new boolean[LIMIT];

    static final Map<Integer, int[]> ORBITS = build(CASED);

    private static Map<Integer, int[]> build(boolean[] cased) {
      int[] parent = new int[LIMIT];
      for (int c = 0; c < LIMIT; c++) {
        parent[c] = c;
      }
      // Three calls, not a loop over a new array of the three: this runs at the start of every
      // scan, mostly interpreted, and the array and its loop were a third of its time.
      for (int c = 0; c < LIMIT; c++) {
        join(parent, cased, c, Character.toLowerCase(c));
        join(parent, cased, c, Character.toUpperCase(c));
        join(parent, cased, c, Character.toTitleCase(c));
      }
      // Classes as sorted arrays: members are met in ascending order, so no sort (and no stream
      // per class, interpreted, at the start of every scan).
      int[] size = new int[LIMIT];
      for (int c = 0; c < LIMIT; c++) {
        if (cased[c]) {
          size[find(parent, c)]++;
        }
      }
      int[][] members = new int[LIMIT][];
      int[] filled = new int[LIMIT];
      Map<Integer, int[]> out = new HashMap<>();
      for (int c = 0; c < LIMIT; c++) {
        if (cased[c]) {
          int root = find(parent, c);
          if (members[root] == null) {
            members[root] = new int[size[root]];
          }
          members[root][filled[root]++] = c;
          out.put(c, members[root]);
        }
      }
      return out;
    }

    /** Puts {@code c} and its case mapping {@code m} in one class, when they differ. */
    private static void join(int[] parent, boolean[] cased, int c, int m) {
      if (m != c && m < LIMIT) {
        cased[c] = cased[m] = true;
        parent[find(parent, c)] = find(parent, m);
      }
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
