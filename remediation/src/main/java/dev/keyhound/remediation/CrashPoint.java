package dev.keyhound.remediation;

/**
 * Named points between a side effect and its ledger mark; tests inject one that throws there to
 * prove that a crash in that gap is retried safely. Production uses {@link #NONE}.
 */
@FunctionalInterface
public interface CrashPoint {
  /** After the issuer answered a revoke call, before the ledger records it. */
  String AFTER_REVOKE = "after-revoke";

  /** After a hook accepted an event, before the ledger records it. */
  String AFTER_NOTIFY = "after-notify";

  CrashPoint NONE = point -> {};

  void at(String point);
}
