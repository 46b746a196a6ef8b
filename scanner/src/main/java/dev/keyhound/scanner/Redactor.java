package dev.keyhound.scanner;

/**
 * Redacted previews: a recognisable prefix and at most the last four characters ({@code
 * sk_live_…Y1e4}).
 */
public final class Redactor {
  private Redactor() {}

  public static String redact(String secret) {
    // Already redacted (a report written from the ledger, which keeps only redactions): keep it.
    // Real secrets are ASCII tokens and never contain the ellipsis.
    if (secret.indexOf('…') >= 0) {
      return secret;
    }
    int n = secret.length();
    if (n <= 8) {
      return "…";
    }
    int prefix = prefixLength(secret);
    int suffix = Math.min(4, n / 6);
    if (prefix + suffix > n / 2) {
      prefix = Math.min(prefix, n / 4);
    }
    return secret.substring(0, prefix) + "…" + secret.substring(n - suffix);
  }

  /**
   * A type prefix such as {@code sk_live_}, {@code ghp_} or {@code xoxb-}; else a few characters.
   */
  private static int prefixLength(String s) {
    int limit = Math.min(s.length() / 3, 12);
    int last = -1;
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '_' || c == '-') {
        last = i;
      }
    }
    return last >= 0 ? last + 1 : Math.min(4, s.length() / 8);
  }
}
