package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.keyhound.remediation.FaultyIssuer.Delay;
import dev.keyhound.remediation.FaultyIssuer.Status;
import dev.keyhound.scanner.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Crashes, outages and concurrent processes: every key ends in the right state, each effect happens
 * once.
 */
class RemediationFaultTest extends LoopTestBase {
  private Finding userKey(String user) throws Exception {
    return loop.finding(loop.createKey("user", user).get("value").asText());
  }

  private void assertNoDuplicateDeliveries() {
    List<WebhookReceiver.Received> all = loop.receiver.received();
    assertEquals(
        all.size(),
        new HashSet<>(all.stream().map(WebhookReceiver.Received::id).toList()).size(),
        "a webhook-id was delivered twice");
  }

  @Test
  void crashBetweenRevokeAndMark_isRetriedWithoutRevokingTwice() throws Exception {
    Finding f = userKey("user_ada");
    AtomicBoolean armed = new AtomicBoolean(true);
    CrashPoint crash =
        point -> {
          if (point.equals(CrashPoint.AFTER_REVOKE) && armed.getAndSet(false)) {
            throw new IllegalStateException("simulated crash");
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> loop.scan(loop.remediator(loop.ledger(), crash), List.of(f)));
    Ledger ledger = loop.ledger();
    assertEquals(State.REVOKE_PENDING, ledger.entry(f.id()).orElseThrow().state());

    // While the crashed run's lease lasts, another run leaves the action alone.
    loop.remediator(ledger, CrashPoint.NONE).resume();
    assertEquals(State.REVOKE_PENDING, ledger.entry(f.id()).orElseThrow().state());

    loop.clock.advance(Remediator.LEASE.plusSeconds(1));
    Remediator r = loop.remediator(ledger, CrashPoint.NONE);
    r.resume();
    assertEquals(State.CONFIRMED_DEAD, ledger.entry(f.id()).orElseThrow().state());
    assertEquals(1, loop.issuer.revocations());
    assertEquals(1, loop.receiver.ofType(LifecycleEvents.REVOKED).size());
    Outbox.Row revoke =
        r.outbox().rows(f.id()).stream()
            .filter(a -> a.kind().equals("revoke"))
            .findFirst()
            .orElseThrow();
    assertEquals("done", revoke.state());
    assertEquals(2, revoke.attempts());
  }

  @Test
  void crashAfterWebhookAccepted_redeliversWithTheSameWebhookId() throws Exception {
    Finding f = userKey("user_ada");
    AtomicBoolean armed = new AtomicBoolean(true);
    CrashPoint crash =
        point -> {
          if (point.equals(CrashPoint.AFTER_NOTIFY) && armed.getAndSet(false)) {
            throw new IllegalStateException("simulated crash");
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> loop.scan(loop.remediator(loop.ledger(), crash), List.of(f)));
    loop.clock.advance(Remediator.LEASE.plusSeconds(1));
    loop.remediator(loop.ledger(), CrashPoint.NONE).resume();
    List<WebhookReceiver.Received> leaked = loop.receiver.ofType(LifecycleEvents.LEAKED);
    // At-least-once across the crash, but under one id, so the receiver can drop the repeat.
    assertEquals(2, leaked.size());
    assertEquals(leaked.get(0).id(), leaked.get(1).id());
    assertEquals(1, loop.receiver.ofType(LifecycleEvents.REVOKED).size());
  }

  @Test
  void webhookReceiverDown_deliversLaterOnScheduleExactlyOnce() throws Exception {
    Finding f = userKey("user_ada");
    loop.receiver.down(true);
    Ledger ledger = loop.ledger();
    loop.scan(loop.remediator(ledger, CrashPoint.NONE), List.of(f));
    assertEquals(State.CONFIRMED_DEAD, ledger.entry(f.id()).orElseThrow().state());
    assertEquals(0, loop.receiver.received().size());

    loop.receiver.down(false);
    loop.remediator(ledger, CrashPoint.NONE).resume();
    assertEquals(0, loop.receiver.received().size(), "retried before its backoff was due");

    loop.clock.advance(Outbox.SCHEDULE.get(0));
    loop.remediator(ledger, CrashPoint.NONE).resume();
    assertEquals(1, loop.receiver.ofType(LifecycleEvents.LEAKED).size());
    assertEquals(1, loop.receiver.ofType(LifecycleEvents.REVOKED).size());
    loop.clock.advance(Duration.ofHours(5));
    loop.remediator(ledger, CrashPoint.NONE).resume();
    assertNoDuplicateDeliveries();
    assertEquals(2, loop.receiver.received().size());
  }

  @Test
  void webhookReceiverDownForGood_isDeadLetteredAfterTheLastAttempt() throws Exception {
    Finding f = userKey("user_ada");
    loop.receiver.down(true);
    Ledger ledger = loop.ledger();
    Remediator r = loop.remediator(ledger, CrashPoint.NONE);
    loop.scan(r, List.of(f));
    for (int i = 0; i < Outbox.MAX_ATTEMPTS + 2; i++) {
      loop.clock.advance(Duration.ofHours(5));
      r.resume();
    }
    for (Outbox.Row a : r.outbox().rows(f.id())) {
      if (a.kind().equals("notify")) {
        assertEquals("dead", a.state(), a.key());
        assertEquals(Outbox.MAX_ATTEMPTS, a.attempts(), a.key());
      }
    }
  }

  @Test
  void issuerRefusesRevocation_endsFailedAndNotifies() throws Exception {
    Finding f = userKey("user_ada");
    FaultyIssuer faulty = new FaultyIssuer(loop.issuer);
    try {
      loop.issuerUrl = faulty.url();
      Ledger ledger = loop.ledger();
      loop.remediator(ledger, CrashPoint.NONE)
          .afterScan(List.of(f), loop.fingerprinter::secretHash, false);
      faulty.enqueue(new Status(400, null));
      loop.remediator(ledger, CrashPoint.NONE).resume();
      assertEquals(State.FAILED, ledger.entry(f.id()).orElseThrow().state());
      assertEquals(1, loop.receiver.ofType(LifecycleEvents.REVOCATION_FAILED).size());
      assertEquals(0, loop.issuer.revocations());
    } finally {
      faulty.close();
    }
  }

  @Test
  void issuerTimesOutDuringVerification_keyWaitsThenIsRevokedNextRun() throws Exception {
    Finding f = userKey("user_ada");
    FaultyIssuer faulty = new FaultyIssuer(loop.issuer);
    try {
      loop.issuerUrl = faulty.url();
      loop.timeout = Duration.ofMillis(300);
      loop.maxAttempts = 2;
      faulty.enqueue(new Delay(1200), new Status(503, "1"));
      Ledger ledger = loop.ledger();
      assertEquals(
          State.VERIFY_PENDING,
          loop.scan(loop.remediator(ledger, CrashPoint.NONE), List.of(f)).get(f.id()).state());
      loop.remediator(ledger, CrashPoint.NONE).resume();
      assertEquals(State.CONFIRMED_DEAD, ledger.entry(f.id()).orElseThrow().state());
      assertEquals(1, loop.issuer.revocations());
    } finally {
      faulty.close();
    }
  }

  @Test
  void twoProcessesOnOneLedger_actOnEachKeyOnce() throws Exception {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      findings.add(userKey("user_" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> runs = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      Remediator r = loop.remediator(loop.ledger(), CrashPoint.NONE);
      runs.add(pool.submit(() -> loop.scan(r, findings)));
    }
    for (Future<?> run : runs) {
      run.get();
    }
    pool.shutdown();
    Ledger ledger = loop.ledger();
    for (Finding f : findings) {
      assertEquals(State.CONFIRMED_DEAD, ledger.entry(f.id()).orElseThrow().state());
    }
    assertEquals(6, loop.issuer.revocations());
    assertEquals(6, loop.receiver.ofType(LifecycleEvents.REVOKED).size());
    assertNoDuplicateDeliveries();
  }
}
