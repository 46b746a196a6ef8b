package dev.keyhound.scanner.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The runes a case-insensitive regex treats as one: the classes of code points joined by Java's
 * lower-, upper- and title-case mappings. Unicode simple case folding (what RE2 uses) relates no
 * runes these mappings do not, so each orbit contains RE2's, which is what a superset prefilter
 * needs. Read once, on first use, from what the build saved for this JVM feature version ({@link
 * #RESOURCE}); computed (about a million case lookups, ~25 ms of CPU mostly interpreted) on another
 * version. The first candidate of a case-insensitive rule asks, through its regex's parse.
 */
final class CaseOrbits {
  private CaseOrbits() {}

  /** The orbits as the build saved them ({@link #write}), beside this class. */
  static final String RESOURCE = "case-orbits";

  /** The layout of {@link #RESOURCE}. */
  private static final int LAYOUT = 1;

  /**
   * Writes the orbits, computed afresh, for the JVM feature version this runs on ({@link
   * SavedTable}): the number of orbits, then each one's size and members.
   */
  static void write(OutputStream to) throws IOException {
    int[][] byRune = Holder.build();
    int[] body = new int[1 + 2 * Holder.LIMIT];
    int n = 1;
    for (int c = 0; c < Holder.LIMIT; c++) {
      if (byRune[c] != null && byRune[c][0] == c) {
        body[0]++;
        body[n++] = byRune[c].length;
        System.arraycopy(byRune[c], 0, body, n, byRune[c].length);
        n += byRune[c].length;
      }
    }
    SavedTable.write(to, LAYOUT, Arrays.copyOf(body, n));
  }

  /**
   * The orbits {@link #write} wrote, by code point as {@link Holder#build} gives them; null when
   * written on another JVM feature version.
   *
   * @throws IOException for another layout, or orbits that cannot be what was written
   */
  static int[][] read(InputStream from) throws IOException {
    int[] ints = SavedTable.read(from, LAYOUT, "case orbits");
    if (ints == null) {
      return null;
    }
    if (ints.length == 0) {
      throw new IOException("case orbits: no count");
    }
    int[][] byRune = new int[Holder.LIMIT][];
    int at = 1;
    for (int k = 0; k < ints[0]; k++) {
      int size = at < ints.length ? ints[at++] : -1;
      if (size < 2 || size > ints.length - at) {
        throw new IOException("case orbits: class " + k + " of " + size + " past the end");
      }
      int[] members = Arrays.copyOfRange(ints, at, at + size);
      at += size;
      for (int i = 0; i < size; i++) {
        int m = members[i];
        if (m < 0 || m >= Holder.LIMIT || byRune[m] != null || (i > 0 && m <= members[i - 1])) {
          throw new IOException("case orbits: member " + m + " out of order, range or class");
        }
        byRune[m] = members;
      }
    }
    if (at != ints.length) {
      throw new IOException("case orbits: " + (ints.length - at) + " ints past the last class");
    }
    return byRune;
  }

  /** The orbit of {@code rune}, {@code rune} first; a rune without case is alone in it. */
  static int[] orbit(int rune) {
    int[] members = rune >= 0 && rune < Holder.LIMIT ? Holder.ORBITS[rune] : null;
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
    return rune >= 0 && rune < Holder.LIMIT && Holder.ORBITS[rune] != null;
  }

  static final class Holder {
    /**
     * Past the last cased code point of any Unicode version Java 17+ knows (Adlam ends at U+1E943):
     * the supplementary planes above have no case.
     */
    static final int LIMIT = 0x20000;

    /**
     * By code point below {@link #LIMIT}: the members of its orbit, ascending (one array shared by
     * them), or null for a code point alone in it.
     */
    static final int[][] ORBITS = savedOrBuilt();

    private static int[][] savedOrBuilt() {
      try (InputStream in = OwnResources.open(RESOURCE)) {
        int[][] saved = in == null ? null : read(in);
        if (saved != null) {
          return saved;
        }
      } catch (IOException | RuntimeException e) {
        // Only a cache: a damaged or unreadable one is built again.
      }
      return build();
    }

    static int[][] build() {
      boolean[] cased = new boolean[LIMIT];
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
      int[][] out = new int[LIMIT][];
      for (int c = 0; c < LIMIT; c++) {
        if (cased[c]) {
          int root = find(parent, c);
          if (members[root] == null) {
            members[root] = new int[size[root]];
          }
          members[root][filled[root]++] = c;
          out[c] = members[root];
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
