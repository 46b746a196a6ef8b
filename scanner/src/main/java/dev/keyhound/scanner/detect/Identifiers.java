package dev.keyhound.scanner.detect;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells code from values: a keyword rule's "value" is often the right-hand side of an assignment in
 * code ({@code CONNECTION_TOKEN_CHARS = exports2.HEADER_CHARS}), a type annotation ({@code
 * private_key: ed25519.Ed25519PrivateKey}), an environment lookup or a file path ({@code NOPASSWD:
 * /bin/systemctl}). Random keys are not made of words (see {@link Words}), which is what keeps this
 * check from dropping them.
 */
final class Identifiers {
  private Identifiers() {}

  private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final Pattern DOTTED =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:(?:\\.|::|->)[A-Za-z_$][A-Za-z0-9_$]*)+");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Pattern PATH =
      Pattern.compile(
          "(?:~|\\.{1,2})?/[^/\\s]*(?:/[^/\\s]*)*|[A-Za-z]:\\\\[^\\s]*|(?:[\\w.-]+/)+[\\w-]+\\.[A-Za-z]{1,5}");

  /** Reads of the environment or of a secret store: the value is a name, looked up elsewhere. */
  private static final List<String> LOOKUPS =
      List.of(
          "process.env",
          "os.environ",
          "os.getenv",
          "getenv(",
          "system.getenv",
          "env(",
          "env[",
          "env.fetch",
          "environment.getenvironmentvariable",
          "secrets.",
          "vault(",
          "config.get",
          "settings.");

  /**
   * Why the value is code rather than a value, if it is.
   *
   * @param before the secret's line up to the secret
   * @param after the secret's line after it
   */
  static Optional<String> why(String secret, String before, String after) {
    return why(secret, before, after, false);
  }

  /**
   * Why the value is code rather than a value, if it is.
   *
   * @param prefixed the rule's format starts with fixed text ({@code oy2}, {@code pypi-AgEI}) that
   *     the value has: it is then the format's value itself, whatever the line reads it from or
   *     however long its lower-case runs, so only the checks for expressions, calls, member access
   *     and paths apply
   */
  static Optional<String> why(String secret, String before, String after, boolean prefixed) {
    // A unary operator in front makes an expression of a name: !response.enabled, -offset.
    String expr = secret.replaceFirst("^[!~*&+-]+", "");
    if (!expr.equals(secret)
        && !expr.isEmpty()
        && (DOTTED.matcher(expr).matches() || NAME.matcher(expr).matches())
        && Words.wordy(expr)) {
      return Optional.of("an expression");
    }
    String lowerBefore = before.toLowerCase(Locale.ROOT);
    String lowerSecret = secret.toLowerCase(Locale.ROOT);
    for (String l : LOOKUPS) {
      if (lowerSecret.startsWith(l) || (!prefixed && lookupRightBefore(lowerBefore, l))) {
        return Optional.of("an environment or configuration lookup");
      }
    }
    String next = after.stripLeading();
    boolean quoted = quotedBefore(before);
    if (!quoted && (next.startsWith("(") || next.startsWith("[")) && NAME_OR_DOTTED(secret)) {
      return Optional.of(next.startsWith("(") ? "a call" : "an index expression");
    }
    if (lowerBefore.stripTrailing().endsWith("new")) {
      return Optional.of("a constructor call");
    }
    if (DOTTED.matcher(secret).matches() && !secret.startsWith("eyJ") && Words.wordy(secret)) {
      return Optional.of("member access or a qualified type name");
    }
    if (PATH.matcher(secret).matches() && Words.wordy(secret)) {
      return Optional.of("a file path");
    }
    if (!quoted
        && !prefixed
        && NAME.matcher(secret).matches()
        && !HEX.matcher(secret).matches()
        && (secret.indexOf('_') > 0 || secret.chars().anyMatch(c -> c >= 'a' && c <= 'z'))
        && Words.averageLength(secret) >= 3.5) {
      // Upper-case random keys (AWS key ids) read as long acronyms, so a name must show its words:
      // through lower-case letters (camelCase) or underscores (SNAKE_CASE).
      return Optional.of("an identifier");
    }
    return Optional.empty();
  }

  @SuppressWarnings("checkstyle:MethodName")
  private static boolean NAME_OR_DOTTED(String s) {
    return NAME.matcher(s).matches() || DOTTED.matcher(s).matches();
  }

  /**
   * Names of tokens that are not credentials: pagination cursors, CSRF tokens, request and
   * idempotency ids, and the concurrency and idempotency tokens of cloud APIs (AWS's {@code
   * ClientToken}, {@code LockToken}, {@code ChangeToken}, {@code UpdateToken}, {@code
   * LifecycleActionToken}), which a caller makes up or the API returns in plain sight. Only a
   * generic rule, which matches on the name alone, asks.
   */
  private static final Pattern NON_CREDENTIAL_NAME =
      Pattern.compile(
          "(?i)(?:next|continuation|page|pagination|cursor|sync|csrf|xsrf|request|idempotency"
              + "|verification|anti[_-]?forgery|client|lock|change|update|lifecycle[_-]?action)"
              + "[_-]?token['\"]?\\s*(?:[:=]|=>|:=)\\s*['\"`]?$");

  /** Why the name the value is assigned to says it is not a credential, if it does. */
  static Optional<String> nonCredentialName(String before) {
    return NON_CREDENTIAL_NAME.matcher(before).find()
        ? Optional.of("the name of a token that is not a credential (a cursor, a CSRF token)")
        : Optional.empty();
  }

  /** The lookup ends just before the value, give or take a quote and an opening bracket. */
  private static boolean lookupRightBefore(String lowerBefore, String lookup) {
    String b = lowerBefore.stripTrailing();
    while (!b.isEmpty() && "\"'`([{. ".indexOf(b.charAt(b.length() - 1)) >= 0) {
      b = b.substring(0, b.length() - 1);
    }
    String l = lookup;
    while (!l.isEmpty() && "([.".indexOf(l.charAt(l.length() - 1)) >= 0) {
      l = l.substring(0, l.length() - 1);
    }
    return !l.isEmpty() && b.endsWith(l);
  }

  /** The value opens a string literal: code would not quote a name it reads. */
  private static boolean quotedBefore(String before) {
    return !before.isEmpty() && "\"'`".indexOf(before.charAt(before.length() - 1)) >= 0;
  }
}
