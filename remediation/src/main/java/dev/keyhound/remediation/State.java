package dev.keyhound.remediation;

/** The remediation states a ledger entry moves through; their names are stored and printed. */
public final class State {
  /** Found; not yet verified (or no verifier for its kind). */
  public static final String DETECTED = "detected";

  /** Verification answered unknown; retried by the next run. */
  public static final String VERIFY_PENDING = "verify_pending";

  /** The issuer answered null: nothing to revoke. */
  public static final String INACTIVE = "inactive";

  /** Live, and the policy (or mode) takes no action. */
  public static final String ACTIVE = "active";

  /** Live, and the policy wants a person to approve the revocation. */
  public static final String APPROVAL_REQUIRED = "approval_required";

  /** Revocation decided and queued in the outbox. */
  public static final String REVOKE_PENDING = "revoke_pending";

  /** The issuer accepted the revocation; not yet seen dead. */
  public static final String REVOKED = "revoked";

  /** A validation after the revocation answered null. */
  public static final String CONFIRMED_DEAD = "confirmed_dead";

  /** Revocation was refused or ran out of attempts. */
  public static final String FAILED = "failed";

  private State() {}
}
