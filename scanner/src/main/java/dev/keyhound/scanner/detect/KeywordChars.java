package dev.keyhound.scanner.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * How each UTF-16 char counts towards ASCII keywords once the text is lower-cased as {@code
 * String.toLowerCase(Locale.ROOT)} does (which is what the naive detector's prefilter sees). A few
 * chars cannot be judged one at a time (U+0130 lower-cases to two chars; U+017F folds to 's' in a
 * case-insensitive regex yet does not lower-case to it): texts holding one are scanned the naive
 * way.
 */
final class KeywordChars {
  static final int NONE = -1;
  static final int SPECIAL = -2;

  /** For each char: the ASCII char it lower-cases to, {@link #NONE}, or {@link #SPECIAL}. */
  private static final byte[] ASCII_LOWER = new byte[Character.MAX_VALUE + 1];

  /** The chars that are not {@link #NONE}, ascending: ASCII and a few others. */
  private static final char[] NOT_NONE = savedOrBuilt(ASCII_LOWER);

  /**
   * The table as the build saved it ({@link #write}, into this resource) when this JVM has the
   * feature version it was saved on, else built here: the build walks all 65,536 chars and their
   * case orbits ({@link CaseOrbits}, 131,072 code points), 26 ms of CPU at the start of every scan,
   * mostly interpreted, before the detector can be ready.
   */
  static final String RESOURCE = "keyword-chars";

  /** The layout of {@link #RESOURCE}: pairs of ints, a char past ASCII and what it maps to. */
  private static final int LAYOUT = 2;

  private KeywordChars() {}

  static int asciiLower(char c) {
    return ASCII_LOWER[c];
  }

  /**
   * The chars whose {@link #asciiLower} is not {@link #NONE}, ascending (a copy): what a table by
   * char needs to visit, rather than all 65,536.
   */
  static char[] notNone() {
    return NOT_NONE.clone();
  }

  /** Whether a text with this char must be left to the naive detector. */
  static boolean isSpecial(char c) {
    return ASCII_LOWER[c] == SPECIAL;
  }

  /**
   * The chars that a case-insensitive match of ASCII {@code x} can meet in text, specials included.
   */
  static String charsFor(char x) {
    return x >= 128 ? computeCharsFor(x) : CharsForAscii.CHARS[x];
  }

  /** {@link #charsFor} of every ASCII char, in one pass over all chars. */
  private static final class CharsForAscii {
    static final String[] CHARS = build();

    private static String[] build() {
      StringBuilder[] sb = new StringBuilder[128];
      for (int x = 0; x < 128; x++) {
        sb[x] = new StringBuilder();
      }
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        int lower = ASCII_LOWER[c];
        if (lower >= 0) {
          sb[lower].append((char) c);
        } else if (lower == SPECIAL) {
          for (int r : RegexSyntax.foldOrbit(c)) {
            if (r < 128 && (sb[r].length() == 0 || sb[r].charAt(sb[r].length() - 1) != c)) {
              sb[r].append((char) c);
            }
          }
        }
      }
      String[] out = new String[128];
      for (int x = 0; x < 128; x++) {
        out[x] = sb[x].toString();
      }
      return out;
    }
  }

  private static String computeCharsFor(char x) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (ASCII_LOWER[c] == x || (ASCII_LOWER[c] == SPECIAL && inOrbit((char) c, x))) {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static boolean inOrbit(char c, char x) {
    for (int r : RegexSyntax.foldOrbit(c)) {
      if (r == x) {
        return true;
      }
    }
    return false;
  }

  private static char[] savedOrBuilt(byte[] map) {
    try (InputStream in = OwnResources.open(RESOURCE)) {
      char[] saved = in == null ? null : read(in, map);
      if (saved != null) {
        return saved;
      }
    } catch (IOException | RuntimeException e) {
      // Only a cache: a damaged or unreadable one is built again.
    }
    return build(map);
  }

  /**
   * Writes the table, built afresh, for the JVM feature version this runs on ({@link SavedTable}):
   * each char past ASCII that is not {@link #NONE}, ascending, and what it maps to.
   */
  static void write(OutputStream to) throws IOException {
    byte[] map = new byte[Character.MAX_VALUE + 1];
    char[] notNone = build(map);
    int[] body = new int[2 * notNone.length];
    int n = 0;
    for (char c : notNone) {
      if (c >= 128) {
        body[n++] = c;
        body[n++] = map[c];
      }
    }
    SavedTable.write(to, LAYOUT, Arrays.copyOf(body, n));
  }

  /**
   * Fills {@code map} from what {@link #write} wrote and returns the chars it does not map to NONE,
   * as {@link #build} would; null, leaving {@code map} alone, when it was written on another JVM
   * feature version.
   *
   * @throws IOException for another layout, or a table that cannot be what was written
   */
  static char[] read(InputStream from, byte[] map) throws IOException {
    int[] pairs = SavedTable.read(from, LAYOUT, "keyword chars");
    if (pairs == null) {
      return null;
    }
    if (pairs.length % 2 != 0) {
      throw new IOException("keyword chars: a char without its value");
    }
    int n = pairs.length / 2;
    char[] chars = new char[128 + n];
    for (int i = 0; i < n; i++) {
      int c = pairs[2 * i];
      int v = pairs[2 * i + 1];
      if (c < 128
          || c > Character.MAX_VALUE
          || (i > 0 && c <= chars[127 + i])
          || (v != SPECIAL && (v < 0 || v >= 128))) {
        throw new IOException("keyword chars: entry " + i + " out of order or range");
      }
      chars[128 + i] = (char) c;
    }
    for (int c = 0; c < 128; c++) {
      map[c] = (byte) Character.toLowerCase(c);
      chars[c] = (char) c;
    }
    Arrays.fill(map, 128, map.length, (byte) NONE);
    for (int i = 0; i < n; i++) {
      map[chars[128 + i]] = (byte) pairs[2 * i + 1];
    }
    return chars;
  }

  /** Fills {@code map} (one entry per char) and returns the chars it does not map to NONE. */
  static char[] build(byte[] map) {
    StringBuilder notNone = new StringBuilder();
    for (int c = 0; c < 128; c++) {
      map[c] = (byte) Character.toLowerCase(c);
      notNone.append((char) c);
    }
    for (int c = 128; c <= Character.MAX_VALUE; c++) {
      map[c] = NONE;
      if (Character.isSurrogate((char) c)) {
        continue;
      }
      // A char that Character.toLowerCase leaves alone has no lower-case mapping, special or not;
      // only the ~1,400 others need the String form (U+0130 lower-cases to two chars there). This
      // runs at the start of every scan, mostly interpreted: nothing is allocated for the others.
      if (Character.toLowerCase((char) c) != c) {
        String lower = String.valueOf((char) c).toLowerCase(Locale.ROOT);
        if (lower.length() == 1 && lower.charAt(0) < 128) {
          map[c] = (byte) lower.charAt(0);
        } else if (hasAscii(lower)) {
          map[c] = SPECIAL;
        }
      }
      // A char alone in its orbit folds only to itself, which is not ASCII.
      if (map[c] == NONE && CaseOrbits.hasOrbit(c)) {
        for (int r : RegexSyntax.foldOrbit(c)) {
          if (r < 128) {
            map[c] = SPECIAL;
          }
        }
      }
      if (map[c] != NONE) {
        notNone.append((char) c);
      }
    }
    return notNone.toString().toCharArray();
  }

  private static boolean hasAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < 128) {
        return true;
      }
    }
    return false;
  }
}
