package dev.keyhound.scanner.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/** RE2's named classes as rune ranges: Unicode general categories and scripts, and POSIX names. */
final class UnicodeClasses {
  private UnicodeClasses() {}

  private static final Map<String, int[]> POSIX =
      Map.ofEntries(
          Map.entry("alnum", new int[] {'0', '9', 'A', 'Z', 'a', 'z'}),
          Map.entry("alpha", new int[] {'A', 'Z', 'a', 'z'}),
          Map.entry("ascii", new int[] {0, 0x7f}),
          Map.entry("blank", new int[] {'\t', '\t', ' ', ' '}),
          Map.entry("cntrl", new int[] {0, 0x1f, 0x7f, 0x7f}),
          Map.entry("digit", new int[] {'0', '9'}),
          Map.entry("graph", new int[] {'!', '~'}),
          Map.entry("lower", new int[] {'a', 'z'}),
          Map.entry("print", new int[] {' ', '~'}),
          Map.entry("punct", new int[] {'!', '/', ':', '@', '[', '`', '{', '~'}),
          Map.entry("space", new int[] {'\t', '\r', ' ', ' '}),
          Map.entry("upper", new int[] {'A', 'Z'}),
          Map.entry("word", new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}),
          Map.entry("xdigit", new int[] {'0', '9', 'A', 'F', 'a', 'f'}));

  /** A POSIX class ({@code alpha} for {@code [:alpha:]}), or null for an unknown name. */
  static int[] posix(String name) {
    return POSIX.get(name);
  }

  /**
   * {@code \p{name}}: {@code Any}, a general category (one or two letters), or a script.
   *
   * @throws IllegalArgumentException for a name Java does not know
   */
  static int[] of(String name) {
    if (name.equals("Any")) {
      return new int[] {0, Character.MAX_CODE_POINT};
    }
    if (name.length() <= 2 && Character.isUpperCase(name.charAt(0))) {
      String category = name;
      return ranges(c -> categoryName(Character.getType(c)).startsWith(category));
    }
    Character.UnicodeScript script = Character.UnicodeScript.forName(name);
    return ranges(c -> Character.UnicodeScript.of(c) == script);
  }

  private static int[] ranges(IntPredicate in) {
    List<Integer> out = new ArrayList<>();
    int start = -1;
    for (int c = 0; c <= Character.MAX_CODE_POINT + 1; c++) {
      boolean member = c <= Character.MAX_CODE_POINT && in.test(c);
      if (member && start < 0) {
        start = c;
      } else if (!member && start >= 0) {
        out.add(start);
        out.add(c - 1);
        start = -1;
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The two-letter Unicode name of a {@link Character#getType} value. */
  private static String categoryName(int type) {
    return switch (type) {
      case Character.UPPERCASE_LETTER -> "Lu";
      case Character.LOWERCASE_LETTER -> "Ll";
      case Character.TITLECASE_LETTER -> "Lt";
      case Character.MODIFIER_LETTER -> "Lm";
      case Character.OTHER_LETTER -> "Lo";
      case Character.NON_SPACING_MARK -> "Mn";
      case Character.ENCLOSING_MARK -> "Me";
      case Character.COMBINING_SPACING_MARK -> "Mc";
      case Character.DECIMAL_DIGIT_NUMBER -> "Nd";
      case Character.LETTER_NUMBER -> "Nl";
      case Character.OTHER_NUMBER -> "No";
      case Character.SPACE_SEPARATOR -> "Zs";
      case Character.LINE_SEPARATOR -> "Zl";
      case Character.PARAGRAPH_SEPARATOR -> "Zp";
      case Character.CONTROL -> "Cc";
      case Character.FORMAT -> "Cf";
      case Character.PRIVATE_USE -> "Co";
      case Character.SURROGATE -> "Cs";
      case Character.DASH_PUNCTUATION -> "Pd";
      case Character.START_PUNCTUATION -> "Ps";
      case Character.END_PUNCTUATION -> "Pe";
      case Character.CONNECTOR_PUNCTUATION -> "Pc";
      case Character.OTHER_PUNCTUATION -> "Po";
      case Character.MATH_SYMBOL -> "Sm";
      case Character.CURRENCY_SYMBOL -> "Sc";
      case Character.MODIFIER_SYMBOL -> "Sk";
      case Character.OTHER_SYMBOL -> "So";
      case Character.INITIAL_QUOTE_PUNCTUATION -> "Pi";
      case Character.FINAL_QUOTE_PUNCTUATION -> "Pf";
      default -> "Cn";
    };
  }
}
