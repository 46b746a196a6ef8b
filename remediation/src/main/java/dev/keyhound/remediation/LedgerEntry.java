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
        residualValidationMs,
        permissions());
  }

  /** The key's permissions from the key object the issuer returned, or none. */
  public java.util.List<String> permissions() {
    if (keyJson == null) {
      return java.util.List.of();
    }
    try {
      return ApiKey.parse(JSON.readTree(keyJson)).permissions();
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return java.util.List.of(); // a key object we cannot read has no permissions to show
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
}
