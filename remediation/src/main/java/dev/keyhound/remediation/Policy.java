package dev.keyhound.remediation;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * {@code [remediation]}: the mode, which live keys are revoked on their own, and which owner types
 * wait for a person. The policy decides; {@link Remediator} acts.
 */
public record Policy(Mode mode, Set<String> revokeOwnerTypes, Set<String> requireApproval) {
  /** How far remediation goes. */
  public enum Mode {
    OFF,
    DRY_RUN,
    AUTO;

    public static Mode parse(String s) {
      return switch (s == null ? "off" : s.toLowerCase(Locale.ROOT)) {
        case "off" -> OFF;
        case "dry-run", "dry_run" -> DRY_RUN;
        case "auto" -> AUTO;
        default ->
            throw new IllegalArgumentException(
                "[remediation] mode must be off, dry-run or auto: " + s);
      };
    }
  }

  /** What to do with one live key. */
  public enum Decision {
    REVOKE,
    REQUIRE_APPROVAL,
    LEAVE
  }

  /** Owner types a key may have. */
  public static final Set<String> OWNER_TYPES = Set.of("user", "organization");

  public Policy {
    Objects.requireNonNull(mode, "mode");
    revokeOwnerTypes = Set.copyOf(revokeOwnerTypes);
    requireApproval = Set.copyOf(requireApproval);
    for (String t : requireApproval) {
      if (!OWNER_TYPES.contains(t)) {
        throw new IllegalArgumentException("require_approval names an unknown owner type: " + t);
      }
    }
  }

  /** Verify only; act on nothing. */
  public static Policy off() {
    return new Policy(Mode.OFF, Set.of(), Set.of());
  }

  /** Decides for a live key by its owner type (approval wins over auto-revocation). */
  public Decision decide(ApiKey key) {
    return decide(key.owner().type());
  }

  /** Decides for a live key of this owner type. */
  public Decision decide(String type) {
    if (requireApproval.contains(type)) {
      return Decision.REQUIRE_APPROVAL;
    }
    return revokeOwnerTypes.contains(type) ? Decision.REVOKE : Decision.LEAVE;
  }
}
