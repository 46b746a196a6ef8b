package dev.keyhound.scanner.detect;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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
   * Writes the orbits, computed afresh, for the JVM feature version this runs on: its case mappings
   * come from that version's Unicode tables.
   */
  static void write(OutputStream to) throws IOException {
    Map<Integer, int[]> byFirst = new TreeMap<>();
    for (int[] members : Holder.build(new boolean[Holder.LIMIT]).values()) {
      byFirst.put(members[0], members);
    }
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to));
    out.writeInt(LAYOUT);
    out.writeInt(Runtime.version().feature());
    out.writeInt(byFirst.size());
    for (int[] members : byFirst.values()) {
      out.writeInt(members.length);
      for (int m : members) {
        out.writeInt(m);
      }
    }
    out.flush();
  }

  /**
   * The orbits {@link #write} wrote, marking their members in {@code cased}, as {@link
   * Holder#build} makes them; null, leaving {@code cased} alone, when written on another JVM
   * feature version.
   *
   * @throws IOException for another layout, or orbits that cannot be what was written
   */
  static Map<Integer, int[]> read(InputStream from, boolean[] cased) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(from));
    if (in.readInt() != LAYOUT) {
      throw new IOException("case orbits: another layout");
    }
    if (in.readInt() != Runtime.version().feature()) {
      return null;
    }
    int classes = in.readInt();
    if (classes < 0 || classes > Holder.LIMIT / 2) {
      throw new IOException("case orbits: " + classes + " classes");
    }
    boolean[] seen = new boolean[Holder.LIMIT];
    Map<Integer, int[]> out = new HashMap<>();
    for (int k = 0; k < classes; k++) {
      int size = in.readInt();
      if (size < 2 || size > Holder.LIMIT) {
        throw new IOException("case orbits: a class of " + size);
      }
      int[] members = new int[size];
      for (int i = 0; i < size; i++) {
        int m = in.readInt();
        if (m < 0 || m >= Holder.LIMIT || seen[m] || (i > 0 && m <= members[i - 1])) {
          throw new IOException("case orbits: member " + m + " out of order, range or class");
        }
        seen[m] = true;
        members[i] = m;
      }
      for (int m : members) {
        out.put(m, members);
      }
    }
    System.arraycopy(seen, 0, cased, 0, Holder.LIMIT);
    return out;
  }

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

  static final class Holder {
    /**
     * Past the last cased code point of any Unicode version Java 17+ knows (Adlam ends at U+1E943):
     * the supplementary planes above have no case.
     */
    static final int LIMIT = 0x20000;

    /** By code point below {@link #LIMIT}: whether it shares its orbit (is a key of ORBITS). */
    static final boolean[] CASED = new boolean[LIMIT];

    static final Map<Integer, int[]> ORBITS = savedOrBuilt(CASED);

    private static Map<Integer, int[]> savedOrBuilt(boolean[] cased) {
      try (InputStream in = CaseOrbits.class.getResourceAsStream(RESOURCE)) {
        Map<Integer, int[]> saved = in == null ? null : read(in, cased);
        if (saved != null) {
          return saved;
        }
      } catch (IOException | RuntimeException e) {
        // Only a cache: a damaged or unreadable one is built again.
      }
      return build(cased);
    }

    static Map<Integer, int[]> build(boolean[] cased) {
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
