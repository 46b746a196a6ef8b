package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.scanner.Finding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerTest extends LoopTestBase {
  @Test
  void open_migratesOnceAndReopensWithoutReapplying() throws Exception {
    Ledger a = loop.ledger();
    Ledger b = loop.ledger();
    assertEquals(Migrations.SCRIPTS.size(), Migrations.current(a.connection()));
    assertEquals(Migrations.SCRIPTS.size(), Migrations.current(b.connection()));
  }

  @Test
  void record_isIdempotentAndKeepsSecretEncrypted() throws Exception {
    String value = KeyFormat.ISSUER.mint("sk_live_");
    Finding f = loop.finding(value);
    Ledger l = loop.ledger();
    l.record(f, loop.fingerprinter.secretHash(value), true);
    l.record(f, loop.fingerprinter.secretHash(value), true);
    assertEquals(1, l.all().size());
    assertEquals(1, l.occurrences(f.id()).size());
    assertEquals(value, l.secret(f.id()).orElseThrow());
    assertFalse(RemediatorTest.contains(dir, value));
  }

  @Test
  void transition_movesOnlyFromTheExpectedState() throws Exception {
    Finding f = loop.finding(KeyFormat.ISSUER.mint("sk_live_"));
    Ledger l = loop.ledger();
    l.record(f, "h", false);
    assertTrue(l.transition(f.id(), State.DETECTED, State.VERIFY_PENDING, Map.of()));
    assertFalse(
        l.transition(f.id(), State.DETECTED, State.INACTIVE, Map.of()), "a stale transition won");
    assertEquals(State.VERIFY_PENDING, l.entry(f.id()).orElseThrow().state());
  }

  @Test
  void secret_underAnotherLedgerKeyFailsNamingTheFinding() throws Exception {
    String value = KeyFormat.ISSUER.mint("sk_live_");
    Finding f = loop.finding(value);
    loop.ledger().record(f, "h", true);
    byte[] other = new byte[32];
    other[0] = 1;
    try (Ledger l =
        Ledger.open(dir.resolve("ledger.db").toString(), new SecretVault(other), loop.clock)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.secret(f.id()));
      assertTrue(e.getMessage().contains(f.id()), e.getMessage());
    }
  }

  @Test
  void statuses_coverOnlyIdsTheLedgerKnows() throws Exception {
    Finding f = loop.finding(KeyFormat.ISSUER.mint("sk_live_"));
    Ledger l = loop.ledger();
    l.record(f, "h", false);
    Map<String, FindingStatus> s = l.statuses(List.of(f.id(), "unknown-id"));
    assertEquals(1, s.size());
    assertEquals(State.DETECTED, s.get(f.id()).state());
  }
}
