package dev.keyhound.remediation;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * The issuer as a {@link Verifier} and revoker, with retries: backs off exponentially with jitter,
 * honours Retry-After, and coalesces identical validations within one run (one instance per run).
 */
public final class IssuerVerifier implements Verifier {
  /** Waits longer than this are not spent in-run: the work stays pending for the next run. */
  static final Duration MAX_IN_RUN_WAIT = Duration.ofSeconds(60);

  private final IssuerClient client;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final ConcurrentMap<String, CompletableFuture<Verification>> inFlight =
      new ConcurrentHashMap<>();

  public IssuerVerifier(IssuerClient client, Backoff backoff, Sleeper sleeper) {
    this.client = client;
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  @Override
  public boolean accepts(String ruleId, String secret) {
    return RuleSet.ISSUER_RULE_ID.equals(ruleId) && KeyFormat.ISSUER.hasShape(secret);
  }

  @Override
  public Verification verify(String secret) {
    CompletableFuture<Verification> mine = new CompletableFuture<>();
    CompletableFuture<Verification> existing = inFlight.putIfAbsent(secret, mine);
    if (existing != null) {
      try {
        return existing.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Verification.Unknown("interrupted", null);
      } catch (ExecutionException e) {
        return new Verification.Unknown("verification failed: " + e.getCause(), null);
      }
    }
    Verification v = validateFresh(secret);
    mine.complete(v);
    return v;
  }

  /**
   * Validates without coalescing: for confirming a revoked key is dead, which must ask the issuer
   * anew.
   */
  public Verification validateFresh(String secret) {
    try {
      for (int attempt = 1; ; attempt++) {
        Verification v = client.validate(secret);
        if (!(v instanceof Verification.Unknown u)
            || attempt >= client.config().maxAttempts()
            || !waitBeforeRetry(attempt, u.retryAfter())) {
          return v;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verification.Unknown("interrupted", null);
    }
  }

  /** Revokes with retries; the caller records the outcome in the ledger. */
  public RevokeOutcome revoke(String keyId) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      RevokeOutcome r = client.revoke(keyId);
      if (!(r instanceof RevokeOutcome.Retryable t)
          || attempt >= client.config().maxAttempts()
          || !waitBeforeRetry(attempt, t.retryAfter())) {
        return r;
      }
    }
  }

  private boolean waitBeforeRetry(int attempt, Duration retryAfter) throws InterruptedException {
    Duration d = backoff.delay(attempt, retryAfter);
    if (d.compareTo(MAX_IN_RUN_WAIT) > 0) {
      return false;
    }
    sleeper.sleep(d);
    return true;
  }
}
