package dev.keyhound.scanner.detect;

import com.google.re2j.Matcher;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a regex match into a {@link Candidate}, applying the rule-level checks every detector
 * shares: secret group, entropy floor, checksum, ownership of checksummed shapes, inline allow
 * comments and the rule's value filters ({@link ValueFilters}). Keeping them in one place is what
 * lets a fast detector give exactly the naive detector's results.
 */
public final class Matches {
  /**
   * Inline markers that allow the line they are on; gitleaks' and detect-secrets' are honoured too.
   */
  public static final List<String> ALLOW_MARKERS =
      List.of("keyhound:allow", "gitleaks:allow", "pragma: allowlist secret");

  private final List<KeyFormat> checksummedFormats;
  private final DetectorOptions options;
  private final ValueFilters filters = new ValueFilters();

  public Matches(List<KeyFormat> checksummedFormats, DetectorOptions options) {
    this.checksummedFormats = List.copyOf(checksummedFormats);
    this.options = options;
  }

  /**
   * The candidate for the matcher's current match, or null when a rule-level check drops it (see
   * {@link #judge} for which).
   *
   * @param offset added to the matcher's positions when the matcher ran over a window of the text
   */
  public Candidate toCandidate(Rule rule, Matcher m, int offset, LineIndex lines) {
    return judge(rule, m, offset, lines) instanceof MatchVerdict.Kept k ? k.candidate() : null;
  }

  /**
   * What the rule-level checks make of the matcher's current match: secret group, entropy floor,
   * checksum, ownership by a checksummed format, inline allow comment, then the rule's value
   * filters.
   *
   * @param offset added to the matcher's positions when the matcher ran over a window of the text
   */
  public MatchVerdict judge(Rule rule, Matcher m, int offset, LineIndex lines) {
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
    if (secretStart < 0 || secretEnd == secretStart) {
      return new MatchVerdict.Dropped(MatchVerdict.Reason.NO_SECRET, "");
    }
    String secret = m.group().substring(secretStart - m.start(), secretEnd - m.start());
    double entropy = Entropy.shannon(secret);
    if (rule.entropy() > 0 && entropy <= rule.entropy()) {
      return new MatchVerdict.Dropped(
          MatchVerdict.Reason.LOW_ENTROPY, hundredths(entropy) + " <= " + rule.entropy());
    }
    Boolean checksumValid = null;
    KeyFormat own = rule.checksumFormat();
    if (own != null) {
      switch (own.check(secret)) {
        case VALID ->
            checksumValid = own.checksum() == KeyFormat.Checksum.NONE ? null : Boolean.TRUE;
        case BAD_CHECKSUM -> {
          if (!options.includeBadChecksums()) {
            return new MatchVerdict.Dropped(MatchVerdict.Reason.BAD_CHECKSUM, own.name());
          }
          checksumValid = false;
        }
        case NOT_THIS_FORMAT -> checksumValid = null;
      }
    }
    for (KeyFormat f : checksummedFormats) {
      if (f != own && f.hasShape(secret)) {
        // that format's own rule reports it, or rejects it for its checksum
        return new MatchVerdict.Dropped(MatchVerdict.Reason.OWNED_BY_FORMAT, f.name());
      }
    }
    int start = secretStart + offset;
    int line = lines.line(start);
    String lineText = lines.lineText(line);
    if (isAllowedInline(lineText)) {
      return new MatchVerdict.Dropped(MatchVerdict.Reason.ALLOWED_INLINE, "");
    }
    int column = lines.column(start);
    if (!rule.filters().isEmpty() && !Boolean.TRUE.equals(checksumValid)) {
      int from = Math.min(column - 1, lineText.length());
      int to = from + secret.length();
      Optional<MatchVerdict.Dropped> dropped =
          filters.check(
              rule,
              secret,
              lineText.substring(0, from),
              to <= lineText.length() ? lineText.substring(to) : "",
              options.clock().instant());
      if (dropped.isPresent()) {
        return dropped.get();
      }
    }
    return new MatchVerdict.Kept(
        new Candidate(
            rule,
            secret,
            trimNewlines(m.group()),
            start,
            secretEnd + offset,
            line,
            column,
            lineText,
            entropy,
            checksumValid));
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

  /**
   * A non-negative value to two decimals ({@code 3.50}): what {@code String.format("%.2f")} wrote
   * here, in any locale, without building a formatter per dropped match (generic rules drop
   * thousands in a source tree, and the formatter's first uses cost the JIT ~50 ms).
   */
  static String hundredths(double value) {
    long h = Math.round(value * 100);
    long frac = h % 100;
    return (h / 100) + (frac < 10 ? ".0" : ".") + frac;
  }
}
