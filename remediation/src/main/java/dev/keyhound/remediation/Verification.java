package dev.keyhound.remediation;

import java.time.Duration;
import java.util.Objects;

/**
 * What the issuer says of a key: live, dead, or that we could not tell (which is never taken as
 * dead).
 */
public sealed interface Verification {

  /** The name stored in the ledger and reports: "active", "inactive" or "unknown". */
  String outcome();

  /** The issuer knows the key and it is live. */
  record Active(ApiKey key) implements Verification {
    public Active {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String outcome() {
      return "active";
    }
  }

  /** The issuer answered {@code null}: unknown, expired or revoked. */
  record Inactive() implements Verification {
    @Override
    public String outcome() {
      return "inactive";
    }
  }

  /**
   * No answer we can trust (timeout, connection error, 401/403 of our own credentials, 429, 5xx).
   *
   * @param retryAfter what the issuer asked us to wait, or null
   */
  record Unknown(String reason, Duration retryAfter) implements Verification {
    public Unknown {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String outcome() {
      return "unknown";
    }
  }
}
