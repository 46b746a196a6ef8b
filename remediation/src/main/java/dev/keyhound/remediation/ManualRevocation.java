package dev.keyhound.remediation;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** What {@code keyhound revoke <finding-id> [--approve]} may do to one entry, by its state. */
final class ManualRevocation {
  private ManualRevocation() {}

  /** The entry with this id, or the one whose id starts with it. */
  static LedgerEntry resolve(Ledger ledger, String idOrPrefix)
      throws SQLException, RemediationException {
    if (idOrPrefix == null || idOrPrefix.length() < 6) {
      throw new RemediationException(
          "give a finding id (at least its first 6 characters): " + idOrPrefix);
    }
    var exact = ledger.entry(idOrPrefix);
    if (exact.isPresent()) {
      return exact.get();
    }
    List<LedgerEntry> matches = ledger.byIdPrefix(idOrPrefix);
    if (matches.isEmpty()) {
      throw new RemediationException("no finding " + idOrPrefix + " in the ledger");
    }
    if (matches.size() > 1) {
      throw new RemediationException(
          "finding id " + idOrPrefix + " is ambiguous: " + matches.size() + " match");
    }
    return matches.get(0);
  }

  /** Moves the entry to revoke_pending if the request allows it; explains otherwise. */
  static void approve(Ledger ledger, Policy policy, LedgerEntry e, boolean approve)
      throws SQLException, RemediationException {
    String id = e.findingId();
    switch (e.state()) {
      case State.APPROVAL_REQUIRED, State.ACTIVE -> {
        if (!approve && policy.requireApproval().contains(e.ownerType())) {
          throw new RemediationException(
              e.keyId()
                  + " is an "
                  + e.ownerType()
                  + " key, which the policy holds"
                  + " for approval: run keyhound revoke "
                  + id
                  + " --approve");
        }
        ledger.transition(id, e.state(), State.REVOKE_PENDING, Map.of());
      }
      case State.FAILED -> {
        // A person asks again: give the dead-lettered revocation a fresh schedule.
        ledger.update(
            "UPDATE actions SET state = 'pending', next_attempt_at = ? WHERE"
                + " idempotency_key = ? AND state = 'dead'",
            ledger.clock().millis(),
            Revocations.key(e.keyId()));
        ledger.transition(id, State.FAILED, State.REVOKE_PENDING, Map.of());
      }
      case State.INACTIVE ->
          throw new RemediationException(
              "finding "
                  + id
                  + " is not a live key (the issuer"
                  + " answered null): nothing to revoke");
      case State.DETECTED, State.VERIFY_PENDING ->
          throw new RemediationException(
              "finding "
                  + id
                  + " could not be verified"
                  + (e.verificationReason() == null ? "" : " (" + e.verificationReason() + ")")
                  + ": try again later");
      default -> {
        // revoke_pending, revoked, confirmed_dead: already under way; driving it below finishes
        // what is left.
      }
    }
  }
}
