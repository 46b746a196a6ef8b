package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseTest {
  @TempDir Path dir;

  private Ledger ledgerWithOneAction(Clock clock) throws Exception {
    Ledger l =
        Ledger.open(dir.resolve("ledger.db").toString(), new SecretVault(new byte[32]), clock);
    l.record(
        Loop.finding(new dev.keyhound.scanner.Fingerprinter(new byte[32]), "s", null, null),
        "h",
        false);
    String id = l.all().get(0).findingId();
    new Outbox(l).enqueue(new Outbox.Action("k", id, "notify", "t", "h", "m", "{}"));
    return l;
  }

  @Test
  void claim_heldByAHeartbeatIsNotTakenOverAfterItsLength() throws Exception {
    Clock clock = Clock.systemUTC();
    try (Ledger l = ledgerWithOneAction(clock);
        Heartbeat.Beats beats = new Heartbeat.Beats()) {
      Outbox box = new Outbox(l);
      Lease mine = new Lease("worker-a", Duration.ofMillis(300), clock);
      Lease theirs = new Lease("worker-b", Duration.ofMillis(300), clock);
      Outbox.Claim c = box.claim("k", mine).orElseThrow();
      try (Heartbeat beat = box.heartbeat(c, mine, beats)) {
        Thread.sleep(1000);
        assertEquals(Optional.empty(), box.claim("k", theirs));
        assertFalse(beat.lost());
      }
    }
  }

  @Test
  void claim_ofACrashedHolderIsTakenOverOnceItsLeaseLapses() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-29T06:00:00Z"));
    try (Ledger l = ledgerWithOneAction(clock)) {
      Outbox box = new Outbox(l);
      Lease crashed = new Lease("crashed", Lease.STANDARD, clock);
      Lease next = new Lease("next", Lease.STANDARD, clock);
      Outbox.Claim first = box.claim("k", crashed).orElseThrow();
      clock.advance(Lease.STANDARD.minusSeconds(1));
      assertEquals(Optional.empty(), box.claim("k", next));
      clock.advance(Duration.ofSeconds(2));
      Outbox.Claim taken = box.claim("k", next).orElseThrow();
      assertTrue(taken.previousUnfinished());
      assertEquals(first.attempt() + 1, taken.attempt());
      assertFalse(box.renew(first, "crashed", clock.millis() + 30_000), "the old holder lost it");
    }
  }

  @Test
  void release_makesAClaimDueAtOnceWithoutCountingTheAttempt() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-29T06:00:00Z"));
    try (Ledger l = ledgerWithOneAction(clock)) {
      Outbox box = new Outbox(l);
      Lease a = new Lease("a", Lease.STANDARD, clock);
      Outbox.Claim c = box.claim("k", a).orElseThrow();
      box.release(c, "a");
      Outbox.Claim again = box.claim("k", new Lease("b", Lease.STANDARD, clock)).orElseThrow();
      assertEquals(1, again.attempt());
      assertFalse(again.previousUnfinished());
    }
  }

  @Test
  void lease_refusesANonPositiveLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Lease("x", Duration.ZERO, Clock.systemUTC()));
    assertEquals("lease length must be positive: PT0S", e.getMessage());
  }
}
