package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
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

  @Test
  void record_sameSecretUnderAnotherIdIsFoundByItsKeyedHashNotRecordedTwice() throws Exception {
    String value = KeyFormat.ISSUER.mint("sk_live_");
    Ledger l = loop.ledger();
    Finding old = loop.finding(value);
    byte[] otherKey = new byte[32];
    otherKey[5] = 9;
    Finding again = Loop.finding(new Fingerprinter(otherKey), value, "Dev", "dev@acme.test");
    String hash = loop.fingerprinter.secretHash(value);

    assertEquals(old.id(), l.record(old, hash, true));
    assertEquals(old.id(), l.record(again, hash, true), "the older id is kept");

    assertEquals(1, l.all().size());
    assertTrue(l.entry(again.id()).isEmpty(), "no second entry under the new id");
  }

  @Test
  void idKey_isStoredOnceAndTheFirstWriterWins() throws Exception {
    Ledger a = loop.ledger();
    Ledger b = loop.ledger();
    byte[] first = new byte[32];
    first[0] = 1;
    byte[] second = new byte[32];
    second[0] = 2;
    assertTrue(a.idKey().isEmpty());

    assertArrayEquals(first, a.adoptIdKey(first));
    assertArrayEquals(first, b.adoptIdKey(second), "a second process adopts the stored key");
    assertArrayEquals(first, b.idKey().orElseThrow());
  }
}
