package dev.keyhound.scanner.detect;

import java.util.Objects;

/**
 * What became of one regex match: it stands as a {@link Candidate}, or a rule-level check dropped
 * it, and which one. Tests and {@code rules check} can say why a value is not reported.
 */
public sealed interface MatchVerdict {

  /** The match stands. */
  record Kept(Candidate candidate) implements MatchVerdict {
    public Kept {
      Objects.requireNonNull(candidate, "candidate");
    }
  }

  /**
   * The match was dropped.
   *
   * @param detail says which value the check saw, never the secret itself ("one repeated
   *     character", "a call")
   */
  record Dropped(Reason reason, String detail) implements MatchVerdict {
    public Dropped {
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
    }
  }

  /** Why a match was dropped. */
  enum Reason {
    /** The secret group did not take part in the match, or is empty. */
    NO_SECRET,
    /** The secret's entropy is at or under the rule's floor. */
    LOW_ENTROPY,
    /** The value has a checksummed format's shape and fails its checksum. */
    BAD_CHECKSUM,
    /** The value has another checksummed format's shape: that format's rule owns it. */
    OWNED_BY_FORMAT,
    /** The line carries an inline allow marker ({@code keyhound:allow}). */
    ALLOWED_INLINE,
    /** A template or filler value: {@code ${VAR}}, {@code <token>}, {@code XXXX}, a run. */
    PLACEHOLDER,
    /** Code, not a value: member access, a call, a type name, an env lookup, a path. */
    IDENTIFIER,
    /** A value published in a vendor's documentation. */
    PUBLIC_EXAMPLE,
    /** A token that has stopped working by its own claims: a JWT whose {@code exp} is past. */
    EXPIRED
  }
}
