package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import java.util.Objects;

/**
 * One rule match in one text, before path and commit allowlists are applied.
 *
 * @param start offset of the secret in the text (chars)
 * @param line 1-based line of the secret's start
 * @param column 1-based column (chars) of the secret's start
 * @param lineText the whole line holding the secret's start, for line allowlists
 * @param checksumValid true/false for rules of a checksummed format, null where there is no
 *     checksum
 */
public record Candidate(
    Rule rule,
    String secret,
    String match,
    int start,
    int end,
    int line,
    int column,
    String lineText,
    double entropy,
    Boolean checksumValid) {
  public Candidate {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(match, "match");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "bad span [" + start + ", " + end + ") for rule " + rule.id());
    }
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }
}
