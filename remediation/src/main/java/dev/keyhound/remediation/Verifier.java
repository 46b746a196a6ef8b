package dev.keyhound.remediation;

/** Asks a key's provider whether a found secret is live; one implementation per provider. */
public interface Verifier {

  /**
   * Whether this verifier's provider issued secrets found by this rule (others must never be sent
   * to it).
   */
  boolean accepts(String ruleId, String secret);

  /**
   * Verifies one secret; never throws for network trouble, which is {@link Verification.Unknown}.
   */
  Verification verify(String secret);
}
