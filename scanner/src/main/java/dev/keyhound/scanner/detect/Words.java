package dev.keyhound.scanner.detect;

/**
 * Splits text into the words a programmer would see in it ({@code Ed25519PrivateKey} is {@code Ed},
 * {@code 25519}, {@code Private}, {@code Key}; {@code HEADER_CHARS} is two words). Names are made
 * of a few long words; random keys break into many short ones, because their case and character
 * kind change every character or two. That difference tells an identifier from a secret.
 */
final class Words {
  private Words() {}

  /** Average word length over the letters and digits of {@code s}; 0 when it has none. */
  static double averageLength(String s) {
    int words = 0;
    int chars = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (!isAsciiAlnum(c)) {
        i++;
        continue;
      }
      int start = i;
      if (isDigit(c)) {
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
      } else if (isUpper(c)) {
        i++;
        if (i < n && isLower(s.charAt(i))) {
          while (i < n && isLower(s.charAt(i))) {
            i++;
          }
        } else {
          // An acronym: upper-case letters up to the one that starts a capitalised word
          // (HTTPServer).
          while (i < n && isUpper(s.charAt(i)) && !(i + 1 < n && isLower(s.charAt(i + 1)))) {
            i++;
          }
        }
      } else {
        while (i < n && isLower(s.charAt(i))) {
          i++;
        }
      }
      words++;
      chars += i - start;
    }
    return words == 0 ? 0 : (double) chars / words;
  }

  /** Whether {@code s} reads as made of words: few, long ones (see the class comment). */
  static boolean wordy(String s) {
    return averageLength(s) >= 3.0;
  }

  static boolean isAsciiAlnum(char c) {
    return isDigit(c) || isLower(c) || isUpper(c);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }
}
