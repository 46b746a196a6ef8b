package dev.keyhound.scanner.detect;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells template and filler values from keys: what documentation, sample configs and {@code
 * .env.example} files put where a key goes. Each check answers with what it saw, so a dropped value
 * can be explained.
 */
final class Placeholders {
  private Placeholders() {}

  /** Words that only stand in for a value; no random key of the lengths rules match holds them. */
  private static final List<String> WORDS =
      List.of(
          "example",
          "changeme",
          "change_me",
          "change-me",
          "dummy",
          "redacted",
          "placeholder",
          "replaceme",
          "replace_me",
          "replace-me",
          "your_",
          "your-",
          "yourkey",
          "yourtoken",
          "yoursecret",
          "yourpassword",
          "yourapikey",
          "insert_",
          "insert-",
          "notreal",
          "not_real",
          "not-real",
          "not-a-real",
          "xxxx",
          "****",
          "...",
          "\u2026",
          "\u2022\u2022\u2022");

  /**
   * Stock passwords and the words a generic value spells when it stands for a secret rather than
   * being one ({@code super$ecret}, {@code p@ssw0rd}, {@code s00pers3cret}), read through the digit
   * and symbol swaps people type for letters.
   */
  private static final List<String> SPELLED_WORDS =
      List.of("secret", "password", "passwd", "letmein", "qwerty");

  /** A whole value that is a variable reference or a template slot. */
  private static final Pattern TEMPLATE =
      Pattern.compile(
          "\\$\\{[^}]*}?|\\$[A-Za-z_][A-Za-z0-9_]*|\\$\\([^)]*\\)?|%[A-Za-z_][A-Za-z0-9_]*%"
              + "|<[^<>]+>|\\{\\{.*}}|\\{%.*%}|\\{[A-Za-z_][A-Za-z0-9_]*}|#\\{[^}]*}");

  /**
   * A variable reference or template slot inside a longer value ({@code pypi-$TOKEN}). A {@code %}
   * before two hex digits is a URL escape ({@code %2B}), which percent-encoded keys are full of,
   * not the start of a {@code %VAR%}.
   */
  private static final Pattern EMBEDDED_TEMPLATE =
      Pattern.compile(
          "\\$\\{[^}]*}|\\$\\([^)]*\\)|\\{\\{|%(?![0-9A-Fa-f]{2})[A-Za-z_][A-Za-z0-9_]{2,}%|<[A-Za-z][A-Za-z0-9_-]*>"
              + "|\\$[A-Z][A-Z0-9_]{2,}(?![A-Za-z0-9])");

  /** How unlikely a real random value must be to hold only one character class. */
  private static final double ONE_CLASS_ODDS = 1e-6;

  /**
   * The same for a generic rule, whose values are whatever follows a name: there a value of one
   * class is a word or a number far more often than a key (a doc's {@code passwd='geheim$parole'}).
   */
  private static final double GENERIC_ONE_CLASS_ODDS = 1e-4;

  /**
   * A value holding this many different symbols uses symbols as a character class (a password's
   * {@code 9))74#7(&}), not as the one or two separators of {@code 1234-5678_9012}.
   */
  private static final int SYMBOL_CLASS = 3;

  /** The longest prefix a generic rule strips before judging the rest as one class. */
  private static final int VENDOR_PREFIX = 16;

  /** Runs and sequences at least this long are filler, not chance. */
  private static final int RUN = 6;

  /**
   * Values longer than this are encoded binary (a private key's base64 body, a macaroon) where zero
   * bytes make long runs of {@code A}: there a run is filler only if it fills a quarter of the
   * value.
   */
  private static final int ENCODED_BINARY = 64;

  /**
   * Letters this many in alphabetical order with one other character between each ({@code
   * a1b2c3d4e5f6g7h8}): a hand-typed filler, which a random value of any length all but never
   * holds.
   */
  private static final int INTERLEAVED_RUN = 8;

  /**
   * Why the value is a placeholder, if it is one.
   *
   * @param before the secret's line up to the secret
   * @param after the secret's line after it
   */
  static Optional<String> why(
      String secret, String before, String after, SecretShape shape, boolean generic) {
    String lower = secret.toLowerCase(Locale.ROOT);
    for (String w : WORDS) {
      // "..." and "****" are filler only where the format has no dots or stars of its own (an
      // Entra refresh token's tail has both).
      if (lower.contains(w) && !shape.allowsSymbols(w)) {
        return Optional.of("holds \"" + w + "\"");
      }
    }
    if (generic) {
      String plain = unleet(lower);
      for (String w : SPELLED_WORDS) {
        if (plain.contains(w)) {
          return Optional.of("spells \"" + w + "\"");
        }
      }
    }
    if (TEMPLATE.matcher(secret).matches()) {
      return Optional.of("a variable reference or template slot");
    }
    if (EMBEDDED_TEMPLATE.matcher(secret).find()) {
      return Optional.of("holds a variable reference or template slot");
    }
    if (templated(before, after)) {
      return Optional.of("inside a variable reference or template slot");
    }
    if (EMBEDDED_TEMPLATE.matcher(after).lookingAt()) {
      // pypi-AgEIcHlwaS5vcmc<token>: the rule's match stops where the slot starts.
      return Optional.of("followed by a variable reference or template slot");
    }
    String body = secret.substring(Math.min(shape.literalPrefix(), secret.length()));
    for (String fixed : shape.infixes()) {
      // The format's own fixed text is no filler: judge the random parts around it.
      int at = body.indexOf(fixed);
      if (at >= 0) {
        body = body.substring(0, at) + ' ' + body.substring(at + fixed.length());
      }
    }
    if (body.length() >= 4 && periodic(body, 1)) {
      return Optional.of("one repeated character");
    }
    Optional<String> pattern = pattern(body);
    if (pattern.isPresent()) {
      return pattern;
    }
    Optional<String> oneClass = oneClass(body, shape, generic);
    if (oneClass.isPresent()) {
      return oneClass;
    }
    // A vendor prefix the rule does not know as fixed (a generic rule's sk-ant-api03-...), then
    // filler: judge the part after the last separator on its own.
    int cut =
        Math.max(body.lastIndexOf('-'), Math.max(body.lastIndexOf('_'), body.lastIndexOf('.')));
    String tail = body.substring(cut + 1);
    if (cut >= 0 && tail.length() >= 16) {
      Optional<String> why = pattern(tail).or(() -> oneClass(tail, shape, generic));
      if (why.isPresent()) {
        return why;
      }
    }
    return generic ? oneClassAfterPrefix(body, shape) : Optional.empty();
  }

  /**
   * A short vendor prefix that a generic rule cannot know ({@code tskey-auth}, {@code FLWSECK},
   * {@code t1}), then filler of one character class: the class run at the value's end, judged on
   * its own when what precedes it is at most {@value #VENDOR_PREFIX} characters.
   */
  private static Optional<String> oneClassAfterPrefix(String body, SecretShape shape) {
    int end = body.length();
    int kind = -1;
    int start = end;
    while (start > 0) {
      int k = SecretShape.kind(body.charAt(start - 1));
      if (k != 3) {
        if (kind >= 0 && k != kind) {
          break;
        }
        kind = k;
      }
      start--;
    }
    if (start == 0 || start > VENDOR_PREFIX || end - start < 16) {
      return Optional.empty();
    }
    int prefix = start;
    return oneClass(body.substring(prefix), shape, true)
        .map(why -> why + " after a prefix of " + prefix + " characters");
  }

  /** The value with the digits and symbols people type for letters read as those letters. */
  static String unleet(String lower) {
    StringBuilder sb = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      sb.append(
          switch (c) {
            case '0' -> 'o';
            case '1', '!' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
          });
    }
    return sb.toString();
  }

  /** The value sits in {@code ${...}}, {@code {{ ... }}}, {@code <...>} or {@code %...%}. */
  private static boolean templated(String before, String after) {
    String b = before.stripTrailing();
    String a = after.stripLeading();
    return (b.endsWith("${") && a.startsWith("}"))
        || (b.endsWith("{{") && a.startsWith("}}"))
        || (b.endsWith("$(") && a.startsWith(")"))
        || (before.endsWith("<") && after.startsWith(">"))
        || (before.endsWith("%") && after.startsWith("%"))
        || (before.endsWith("$") && !before.endsWith("\\$"));
  }

  /** A long run of one character, an ascending or descending sequence, or a short unit repeated. */
  private static Optional<String> pattern(String body) {
    int longestRun = body.length() > ENCODED_BINARY ? body.length() / 4 : RUN + 2;
    int same = 1;
    int up = 1;
    int down = 1;
    for (int i = 1; i < body.length(); i++) {
      char c = body.charAt(i);
      char p = body.charAt(i - 1);
      same = c == p ? same + 1 : 1;
      // Case does not break a sequence: aBcDeF and xY9kLmNpQrStUv are typed, not drawn.
      char lc = Character.toLowerCase(c);
      char lp = Character.toLowerCase(p);
      boolean alnum = Words.isAsciiAlnum(c) && Words.isAsciiAlnum(p);
      up = alnum && lc == lp + 1 ? up + 1 : 1;
      down = alnum && lc == lp - 1 ? down + 1 : 1;
      if (same >= longestRun) {
        return Optional.of("a run of one character");
      }
      if (up >= RUN || down >= RUN) {
        return Optional.of("an ascending or descending sequence");
      }
    }
    if (interleavedSequence(body)) {
      return Optional.of("an alphabetical sequence with one character between its letters");
    }
    if (lettersInOrder(body)) {
      return Optional.of("its letters run through the alphabet in order");
    }
    int n = body.length();
    if (n >= 8) {
      for (int period = 1; period <= n / 3; period++) {
        if (periodic(body, period)) {
          return Optional.of("a repeated unit of " + period + " characters");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The value's letters alone, case ignored, hold a run through the alphabet ({@code
   * 9A6bCDeF0Gh1Ij2Klm...}): typed filler with digits sprinkled in, which random letters all but
   * never give.
   */
  private static boolean lettersInOrder(String value) {
    int up = 1;
    char prev = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!Words.isAsciiAlnum(c) || Words.isDigit(c)) {
        continue;
      }
      char lc = Character.toLowerCase(c);
      up = prev != 0 && lc == prev + 1 ? up + 1 : 1;
      prev = lc;
      if (up >= INTERLEAVED_RUN) {
        return true;
      }
    }
    return false;
  }

  /**
   * Letters in alphabetical order at every other letter or digit, the others anything; separators
   * ({@code a1b2-c3d4}) are skipped.
   */
  private static boolean interleavedSequence(String value) {
    StringBuilder alnum = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      if (Words.isAsciiAlnum(value.charAt(i))) {
        alnum.append(value.charAt(i));
      }
    }
    String body = alnum.toString();
    for (int start = 0; start < 2; start++) {
      int up = 1;
      for (int i = start + 2; i < body.length(); i += 2) {
        char c = Character.toLowerCase(body.charAt(i));
        char p = Character.toLowerCase(body.charAt(i - 2));
        up = Character.isLetter(c) && c == p + 1 ? up + 1 : 1;
        if (up >= INTERLEAVED_RUN) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code body} holds at least {@link #SYMBOL_CLASS} different symbols (chars of {@link
   * SecretShape#kind} 3).
   */
  private static boolean hasSymbolClass(String body) {
    char[] seen = new char[SYMBOL_CLASS];
    int n = 0;
    for (int i = 0; i < body.length() && n < SYMBOL_CLASS; i++) {
      char c = body.charAt(i);
      boolean seenOrNoSymbol = SecretShape.kind(c) != 3;
      for (int k = 0; k < n && !seenOrNoSymbol; k++) {
        seenOrNoSymbol = seen[k] == c;
      }
      if (!seenOrNoSymbol) {
        seen[n++] = c;
      }
    }
    return n >= SYMBOL_CLASS;
  }

  private static boolean periodic(String s, int period) {
    for (int i = period; i < s.length(); i++) {
      if (s.charAt(i) != s.charAt(i - period)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Letters or digits of one kind only, where the format's alphabet makes that all but impossible
   * for a random value: {@code sk_live_} and 24 lower-case letters, 32 hex digits with no letter.
   */
  private static Optional<String> oneClass(String body, SecretShape shape, boolean generic) {
    if (!shape.alphabetKnown() || body.isEmpty()) {
      return Optional.empty();
    }
    int kind = -1;
    int n = 0;
    if (hasSymbolClass(body)) {
      return Optional.empty(); // symbols are a class of their own here, not separators
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      int k = SecretShape.kind(c);
      if (k == 3) {
        continue; // separators say nothing about which letters a value uses
      }
      if (kind >= 0 && k != kind) {
        return Optional.empty();
      }
      kind = k;
      n++;
    }
    if (kind < 0) {
      return Optional.empty();
    }
    int inClass =
        switch (kind) {
          case 0 -> shape.digits();
          case 1 -> shape.lower();
          default -> shape.upper();
        };
    int alphabet = shape.digits() + shape.lower() + shape.upper();
    if (inClass <= 0 || inClass >= alphabet) {
      return Optional.empty();
    }
    double odds = Math.pow((double) inClass / alphabet, n);
    return odds < (generic ? GENERIC_ONE_CLASS_ODDS : ONE_CLASS_ODDS)
        ? Optional.of(
            "only "
                + (kind == 0 ? "digits" : kind == 1 ? "lower-case letters" : "upper-case letters")
                + " where the format has several character classes")
        : Optional.empty();
  }
}
