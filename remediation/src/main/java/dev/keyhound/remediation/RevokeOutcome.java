package dev.keyhound.remediation;

import java.time.Duration;
import java.util.Objects;

/**
 * What a revoke call did: revoked, already gone, a failure worth retrying, or a refusal that
 * retrying won't fix.
 */
public sealed interface RevokeOutcome {

  /** The issuer accepted the revocation (2xx). */
  record Revoked() implements RevokeOutcome {}

  /**
   * The issuer no longer knows the key (404): someone (maybe we, before a crash) revoked it
   * already.
   */
  record AlreadyGone() implements RevokeOutcome {}

  /** Timeout, connection error, 401/403, 429 or 5xx: try again later. */
  record Retryable(String reason, Duration retryAfter) implements RevokeOutcome {
    public Retryable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Any other answer (400, 409, …): retrying the same call will not help. */
  record Refused(String reason) implements RevokeOutcome {
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
