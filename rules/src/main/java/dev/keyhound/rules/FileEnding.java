package dev.keyhound.rules;

/**
 * A path regex that asks only for a file name's ending, in one of the two forms rule packs write:
 * {@code (?i)\.(?:tf|tfvars|hcl)$} (the path ends in one of the extensions) and {@code
 * (?i)(?:^|/)[^/]+\.(?:p12|pfx)$} (the file name after the last slash ends in one, with something
 * before it). For a path of printable ASCII it gives the regex's answer by comparing strings, so
 * that a pre-commit check of a clean change runs no regex over its paths and compiles none (RE2/J's
 * first compile is milliseconds of a hook's start). Any other path goes to the regex: under {@code
 * (?i)} RE2 folds U+017F into {@code s} and U+212A into {@code k}, which a string comparison would
 * not.
 */
final class FileEnding {
  /** For a regex of another form: it decides no path. */
  static final FileEnding NONE = new FileEnding(new String[0], false, false);

  private static final String CASE_INSENSITIVE = "(?i)";
  private static final String FILE_NAME = "(?:^|/)[^/]+";

  /** The endings, each with its dot: {@code .tf}, {@code .tfvars}. */
  private final String[] endings;

  private final boolean ignoreCase;

  /** The {@code (?:^|/)[^/]+} form: the file name must be longer than the ending. */
  private final boolean namePrefix;

  private FileEnding(String[] endings, boolean ignoreCase, boolean namePrefix) {
    this.endings = endings;
    this.ignoreCase = ignoreCase;
    this.namePrefix = namePrefix;
  }

  /**
   * The ending the regex asks for, or {@link #NONE} when it is not one of the two forms exactly
   * (RE2/J flags other than none are not, nor a capturing group, nor an extension of other than
   * letters and digits).
   */
  static FileEnding of(String regex, int flags) {
    if (flags != 0) {
      return NONE;
    }
    String rest = regex;
    boolean ignoreCase = rest.startsWith(CASE_INSENSITIVE);
    if (ignoreCase) {
      rest = rest.substring(CASE_INSENSITIVE.length());
    }
    boolean namePrefix = rest.startsWith(FILE_NAME);
    if (namePrefix) {
      rest = rest.substring(FILE_NAME.length());
    }
    if (!rest.startsWith("\\.") || !rest.endsWith("$")) {
      return NONE;
    }
    String alternatives = rest.substring(2, rest.length() - 1);
    if (alternatives.startsWith("(?:") && alternatives.endsWith(")")) {
      alternatives = alternatives.substring(3, alternatives.length() - 1);
    }
    String[] endings = alternatives.split("\\|", -1);
    for (int i = 0; i < endings.length; i++) {
      if (!isAlphanumeric(endings[i])) {
        return NONE;
      }
      endings[i] = "." + endings[i];
    }
    return new FileEnding(endings, ignoreCase, namePrefix);
  }

  /** Whether this answers for {@code path} ({@link #finds} may be asked), or the regex must. */
  boolean decides(CharSequence path) {
    if (endings.length == 0) {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** The regex's {@code find()} on a path this {@link #decides}. */
  boolean finds(CharSequence path) {
    String p = path.toString();
    int nameStart = p.lastIndexOf('/') + 1;
    for (String e : endings) {
      int at = p.length() - e.length();
      if (at >= (namePrefix ? nameStart + 1 : 0)
          && p.regionMatches(ignoreCase, at, e, 0, e.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAlphanumeric(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }
}
