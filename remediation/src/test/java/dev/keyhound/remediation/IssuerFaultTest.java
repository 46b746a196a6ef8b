package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.remediation.FaultyIssuer.Delay;
import dev.keyhound.remediation.FaultyIssuer.Drop;
import dev.keyhound.remediation.FaultyIssuer.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The issuer client against faults injected over a real loopback socket. */
class IssuerFaultTest extends LoopTestBase {
  FaultyIssuer faulty;
  final List<Duration> sleeps = new ArrayList<>();
  String live;

  @BeforeEach
  void setUp() throws Exception {
    faulty = new FaultyIssuer(loop.issuer);
    live = loop.createKey("user", "user_ada").get("value").asText();
  }

  @AfterEach
  void tearDown() throws Exception {
    faulty.close();
  }

  private IssuerVerifier verifier(int attempts, Duration timeout) {
    IssuerConfig cfg = new IssuerConfig(faulty.url(), null, timeout, attempts);
    return new IssuerVerifier(
        new IssuerClient(cfg, Loop.ADMIN, RateLimiter.unlimited()),
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), RandomGenerator.getDefault()),
        d -> sleeps.add(d));
  }

  @Test
  void timeout_isUnknownNeverInactive() {
    faulty.enqueue(new Delay(1500));
    Verification v = verifier(1, Duration.ofMillis(300)).verify(live);
    assertEquals("timeout", assertInstanceOf(Verification.Unknown.class, v).reason());
  }

  @Test
  void timeout_thenAnswer_isRetriedToActive() {
    faulty.enqueue(new Delay(1500));
    assertInstanceOf(Verification.Active.class, verifier(3, Duration.ofMillis(300)).verify(live));
    assertEquals(1, sleeps.size());
  }

  @Test
  void rateLimited_waitsAtLeastRetryAfterThenSucceeds() {
    faulty.enqueue(new Status(429, "7"));
    assertInstanceOf(Verification.Active.class, verifier(3, Duration.ofSeconds(2)).verify(live));
    assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
  }

  @Test
  void serverErrors_backOffExponentiallyThenGiveUpAsUnknown() {
    faulty.enqueue(
        new Status(500, null), new Status(502, null), new Status(503, null), new Status(500, null));
    Verification v = verifier(4, Duration.ofSeconds(2)).verify(live);
    assertEquals("HTTP 500", assertInstanceOf(Verification.Unknown.class, v).reason());
    assertEquals(3, sleeps.size());
    // Jitter keeps each wait within [half, full] of 100 ms * 2^(n-1).
    for (int i = 0; i < 3; i++) {
      long ceiling = 100L << i;
      long ms = sleeps.get(i).toMillis();
      assertTrue(ms >= ceiling / 2 && ms <= ceiling, "wait " + i + " was " + ms + " ms");
    }
  }

  @Test
  void droppedConnection_isUnknownWithAConnectionError() {
    faulty.enqueue(new Drop());
    Verification v = verifier(1, Duration.ofSeconds(2)).verify(live);
    assertTrue(
        assertInstanceOf(Verification.Unknown.class, v).reason().startsWith("connection error"),
        ((Verification.Unknown) v).reason());
  }

  @Test
  void droppedConnection_isRetried() {
    faulty.enqueue(new Drop());
    assertInstanceOf(Verification.Active.class, verifier(3, Duration.ofSeconds(2)).verify(live));
    assertEquals(2, faulty.requests());
  }

  @Test
  void ownCredentialsRefused_isUnknown() throws Exception {
    IssuerConfig cfg = new IssuerConfig(faulty.url(), null, Duration.ofSeconds(2), 1);
    Verification v =
        new IssuerVerifier(
                new IssuerClient(cfg, "wrong-admin-key", RateLimiter.unlimited()),
                Backoff.standard(),
                d -> {})
            .verify(live);
    assertTrue(assertInstanceOf(Verification.Unknown.class, v).reason().startsWith("HTTP 401"));
  }

  @Test
  void identicalValidationsInOneRun_areCoalesced() throws Exception {
    faulty.enqueue(new Delay(300));
    IssuerVerifier v = verifier(1, Duration.ofSeconds(2));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Verification>> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(pool.submit(() -> v.verify(live)));
    }
    for (Future<Verification> r : results) {
      assertInstanceOf(Verification.Active.class, r.get());
    }
    pool.shutdown();
    assertEquals(1, faulty.requests());
  }

  @Test
  void revoke_serverErrorThenSuccess_revokesOnce() throws Exception {
    String id = loop.createKey("user", "user_bob").get("id").asText();
    faulty.enqueue(new Status(500, null));
    assertInstanceOf(RevokeOutcome.Revoked.class, verifier(3, Duration.ofSeconds(2)).revoke(id));
    assertInstanceOf(
        RevokeOutcome.AlreadyGone.class, verifier(3, Duration.ofSeconds(2)).revoke(id));
    assertEquals(1, loop.issuer.revocations());
  }
}
