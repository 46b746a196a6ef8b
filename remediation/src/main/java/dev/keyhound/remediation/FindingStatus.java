package dev.keyhound.remediation;

import java.time.Instant;

/**
 * What verification and remediation know of one finding, for reports. Every field may be null: a
 * finding that was never verified has no verification, one that needed no action has no remediation
 * state.
 *
 * @param verification "active", "inactive" or "unknown"
 * @param verificationReason why the outcome is unknown (timeout, 429, …), else null
 * @param keyId the issuer's id for the key (from validation), e.g. {@code api_key_01H…}
 * @param ownerType "user" or "organization"
 * @param state the remediation state, e.g. "revoked", "confirmed_dead", "approval_required",
 *     "failed"
 * @param residualValidationMs time between the revoke call and the first validation that answered
 *     null
 */
public record FindingStatus(
    String verification,
    String verificationReason,
    Instant verifiedAt,
    String keyId,
    String ownerType,
    String ownerId,
    String organizationId,
    String state,
    Instant revokedAt,
    Instant confirmedDeadAt,
    Long residualValidationMs) {}
