package dev.keyhound.remediation;

import java.time.Instant;
import java.util.Objects;

/**
 * One distinct secret's row in the ledger: what is known of it, its remediation state and its
 * timestamps.
 */
public record LedgerEntry(
    String findingId,
    String ruleId,
    String redacted,
    String state,
    String verification,
    String verificationReason,
    String keyId,
    String keyJson,
    String ownerType,
    String ownerId,
    String organizationId,
    Instant committedAt,
    Instant detectedAt,
    Instant verifiedAt,
    Instant revokedAt,
    Instant confirmedDeadAt,
    Instant notifiedAt,
    Long residualValidationMs,
    boolean holdsSecret) {
  public LedgerEntry {
    Objects.requireNonNull(findingId, "findingId");
    Objects.requireNonNull(state, "state");
  }

  /** The view reports print. */
  public FindingStatus status() {
    return new FindingStatus(
        verification,
        verificationReason,
        verifiedAt,
        keyId,
        ownerType,
        ownerId,
        organizationId,
        state,
        revokedAt,
        confirmedDeadAt,
        residualValidationMs);
  }
}
