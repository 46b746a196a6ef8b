package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FleetClaimsTest {
  static final Duration LEASE = Duration.ofMinutes(2);
  static final Duration NIGHTLY = Duration.ofHours(20);
  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-01-05T01:00:00Z"));
  final SecretVault vault = new SecretVault(new byte[32]);

  static java.util.stream.Stream<String> kinds() {
    return TestLedgers.kinds();
  }

  private Ledger open(String url) throws Exception {
    return Ledger.open(url, vault, clock);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void claimNext_givesEachDueRepositoryToExactlyOneOfRacingWorkers(String kind) throws Exception {
    String url = TestLedgers.url(kind, dir);
    List<Ledger> ledgers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ledgers.add(open(url));
    }
    FleetInventory inventory = new FleetInventory(ledgers.get(0));
    for (int i = 0; i < 30; i++) {
      assertTrue(inventory.add("https://git.test/acme/r" + i, "cli"));
    }
    Instant start = clock.instant();
    List<String> claimed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> runs = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      FleetClaims claims = new FleetClaims(ledgers.get(w), clock, LEASE);
      String worker = "w" + w;
      runs.add(
          pool.submit(
              () -> {
                Optional<FleetClaims.Claim> c;
                while ((c = claims.claimNext(worker, start, NIGHTLY)).isPresent()) {
                  claimed.add(c.get().url());
                  claims.finish(c.get(), new FleetClaims.Outcome("ok", 1, 10, 0, null));
                }
                return null;
              }));
    }
    for (Future<?> f : runs) {
      f.get();
    }
    pool.shutdown();
    assertEquals(30, claimed.size());
    assertEquals(30, new HashSet<>(claimed).size());
    assertEquals(30, new FleetInventory(ledgers.get(0)).scans().size());
    for (Ledger l : ledgers) {
      l.close();
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void claimNext_takesOverAKilledWorkersRepositoryOnceItsLeaseLapses(String kind) throws Exception {
    try (Ledger l = open(TestLedgers.url(kind, dir))) {
      new FleetInventory(l).add("https://git.test/acme/big", "cli");
      FleetClaims claims = new FleetClaims(l, clock, LEASE);
      Instant start = clock.instant();
      FleetClaims.Claim killed = claims.claimNext("killed", start, NIGHTLY).orElseThrow();
      assertTrue(claims.claimNext("other", start, NIGHTLY).isEmpty());
      clock.advance(LEASE.minusSeconds(1));
      assertTrue(claims.claimNext("other", start, NIGHTLY).isEmpty());
      clock.advance(Duration.ofSeconds(2));
      FleetClaims.Claim taken = claims.claimNext("other", start, NIGHTLY).orElseThrow();
      assertEquals(killed.url(), taken.url());
      assertFalse(claims.heartbeat(killed));
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void heartbeat_keepsALongScanFromBeingTakenOver(String kind) throws Exception {
    try (Ledger l = open(TestLedgers.url(kind, dir))) {
      new FleetInventory(l).add("/repos/huge", "cli");
      FleetClaims claims = new FleetClaims(l, clock, LEASE);
      Instant start = clock.instant();
      FleetClaims.Claim c = claims.claimNext("w1", start, NIGHTLY).orElseThrow();
      for (int i = 0; i < 10; i++) {
        clock.advance(Duration.ofMinutes(1));
        assertTrue(claims.heartbeat(c));
        assertTrue(claims.claimNext("w2", start, NIGHTLY).isEmpty());
      }
      assertTrue(claims.finish(c, new FleetClaims.Outcome("ok", 3, 100, 1, null)));
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void finish_makesTheRepositoryDueAgainAfterTheRescanInterval(String kind) throws Exception {
    try (Ledger l = open(TestLedgers.url(kind, dir))) {
      FleetInventory inventory = new FleetInventory(l);
      inventory.add("/repos/a", "cli");
      assertFalse(inventory.add("/repos/a", "cli"));
      FleetClaims claims = new FleetClaims(l, clock, LEASE);
      FleetClaims.Claim c = claims.claimNext("w1", clock.instant(), NIGHTLY).orElseThrow();
      claims.finish(c, new FleetClaims.Outcome("ok", 3, 100, 1, null));
      clock.advance(Duration.ofHours(19));
      assertTrue(claims.claimNext("w2", clock.instant(), NIGHTLY).isEmpty());
      clock.advance(Duration.ofHours(2));
      assertEquals(
          "/repos/a", claims.claimNext("w2", clock.instant(), NIGHTLY).orElseThrow().url());
      FleetInventory.Repo repo = inventory.list().get(0);
      assertEquals(1, repo.scans());
      assertEquals("ok", repo.lastOutcome());
      assertEquals("w2", repo.leaseOwner());
      assertTrue(inventory.remove("/repos/a"));
      assertTrue(inventory.list().isEmpty());
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void claimNext_neverGivesOneRunARepositoryItFinishedEvenWithNoRescanInterval(String kind)
      throws Exception {
    try (Ledger l = open(TestLedgers.url(kind, dir))) {
      new FleetInventory(l).add("/repos/a", "cli");
      FleetClaims claims = new FleetClaims(l, clock, LEASE);
      Instant run = clock.instant();
      clock.advance(Duration.ofSeconds(1));
      claims.finish(
          claims.claimNext("w1", run, Duration.ZERO).orElseThrow(),
          new FleetClaims.Outcome("ok", 1, 1, 0, null));
      clock.advance(Duration.ofSeconds(1));
      assertTrue(claims.claimNext("w1", run, Duration.ZERO).isEmpty());
      assertTrue(claims.claimNext("next-night", clock.instant(), Duration.ZERO).isPresent());
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void pendingLeaseEnd_isTheOtherWorkersLeaseUntilItFinishes(String kind) throws Exception {
    try (Ledger l = open(TestLedgers.url(kind, dir))) {
      new FleetInventory(l).add("/repos/big", "cli");
      FleetClaims claims = new FleetClaims(l, clock, LEASE);
      Instant start = clock.instant();
      assertTrue(claims.pendingLeaseEnd(start, NIGHTLY).isEmpty());
      FleetClaims.Claim c = claims.claimNext("w1", start, NIGHTLY).orElseThrow();
      assertEquals(Optional.of(start.plus(LEASE)), claims.pendingLeaseEnd(start, NIGHTLY));
      claims.finish(c, new FleetClaims.Outcome("ok", 1, 1, 0, null));
      assertTrue(claims.pendingLeaseEnd(start, NIGHTLY).isEmpty());
    }
  }
}
