package dev.keyhound.remediation;

import java.time.Instant;
import java.util.List;

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
 * @param permissions the key's permissions as the issuer returned them (empty when not verified
 *     live): with the owner, the blast radius a security team triages by
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
    Long residualValidationMs,
    List<String> permissions) {
  public FindingStatus {
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
  }

  /** A status without permissions (none known). */
  public FindingStatus(
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
      Long residualValidationMs) {
    this(
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
        List.of());
  }

  /**
   * The owner in one phrase: {@code user user_ada (organization org_acme)}, {@code organization
   * org_acme}, or null when not known.
   */
  public String ownerText() {
    if (ownerType == null) {
      return null;
    }
    String who = ownerType + (ownerId == null ? "" : " " + ownerId);
    return organizationId == null || organizationId.equals(ownerId)
        ? who
        : who + " (organization " + organizationId + ")";
  }
}
