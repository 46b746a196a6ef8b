package dev.keyhound.scanner.detect;

import com.google.re2j.Matcher;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import java.util.List;
import java.util.Locale;

/**
 * Turns a regex match into a {@link Candidate}, applying the rule-level checks every detector
 * shares: secret group, entropy floor, checksum, ownership of checksummed shapes and inline allow
 * comments. Keeping them in one place is what lets a fast detector give exactly the naive
 * detector's results.
 */
public final class Matches {
  /**
   * Inline markers that allow the line they are on; gitleaks' and detect-secrets' are honoured too.
   */
  public static final List<String> ALLOW_MARKERS =
      List.of("keyhound:allow", "gitleaks:allow", "pragma: allowlist secret");

  private final List<KeyFormat> checksummedFormats;
  private final DetectorOptions options;

  public Matches(List<KeyFormat> checksummedFormats, DetectorOptions options) {
    this.checksummedFormats = List.copyOf(checksummedFormats);
    this.options = options;
  }

  /**
   * The candidate for the matcher's current match, or null when a rule-level check drops it.
   *
   * @param offset added to the matcher's positions when the matcher ran over a window of the text
   */
  public Candidate toCandidate(Rule rule, Matcher m, int offset, LineIndex lines) {
    int secretStart;
    int secretEnd;
    int groups = m.groupCount();
    if (rule.secretGroup() > 0 && rule.secretGroup() <= groups) {
      secretStart = m.start(rule.secretGroup());
      secretEnd = m.end(rule.secretGroup());
    } else {
      secretStart = m.start();
      secretEnd = m.end();
      for (int g = 1; g <= groups; g++) {
        if (m.start(g) >= 0 && m.end(g) > m.start(g)) {
          secretStart = m.start(g);
          secretEnd = m.end(g);
          break;
        }
      }
    }
    if (secretStart < 0) {
      return null;
    }
    String secret = m.group().substring(secretStart - m.start(), secretEnd - m.start());
    if (secret.isEmpty()) {
      return null;
    }
    double entropy = Entropy.shannon(secret);
    if (rule.entropy() > 0 && entropy <= rule.entropy()) {
      return null;
    }
    Boolean checksumValid = null;
    KeyFormat own = rule.checksumFormat();
    if (own != null) {
      switch (own.check(secret)) {
        case VALID ->
            checksumValid = own.checksum() == KeyFormat.Checksum.NONE ? null : Boolean.TRUE;
        case BAD_CHECKSUM -> {
          if (!options.includeBadChecksums()) {
            return null;
          }
          checksumValid = false;
        }
        case NOT_THIS_FORMAT -> checksumValid = null;
      }
    }
    for (KeyFormat f : checksummedFormats) {
      if (f != own && f.hasShape(secret)) {
        return null; // that format's own rule reports it, or rejects it for its checksum
      }
    }
    int start = secretStart + offset;
    int line = lines.line(start);
    String lineText = lines.lineText(line);
    if (isAllowedInline(lineText)) {
      return null;
    }
    return new Candidate(
        rule,
        secret,
        trimNewlines(m.group()),
        start,
        secretEnd + offset,
        line,
        lines.column(start),
        lineText,
        entropy,
        checksumValid);
  }

  /**
   * The match as gitleaks reports it, without leading or trailing newlines: a rule ending in {@code
   * \s} or {@code $} may take the line break, and {@code regexTarget = "match"} allowlists are
   * written for the trimmed text (some end in {@code \z}).
   */
  static String trimNewlines(String match) {
    int from = 0;
    int to = match.length();
    while (from < to && match.charAt(from) == '\n') {
      from++;
    }
    while (to > from && match.charAt(to - 1) == '\n') {
      to--;
    }
    return match.substring(from, to);
  }

  static boolean isAllowedInline(String lineText) {
    String lower = lineText.toLowerCase(Locale.ROOT);
    for (String marker : ALLOW_MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
