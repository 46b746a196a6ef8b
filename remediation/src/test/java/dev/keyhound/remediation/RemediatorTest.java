package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyhound.scanner.Finding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediatorTest extends LoopTestBase {
  @Test
  void remediate_revokesUserKeyConfirmsDeadAndSendsSignedRevokedEvent() throws Exception {
    JsonNode key = loop.createKey("user", "user_ada");
    Finding f = loop.finding(key.get("value").asText());
    Map<String, FindingStatus> s =
        loop.scan(loop.remediator(loop.ledger(), CrashPoint.NONE), List.of(f));

    assertEquals(State.CONFIRMED_DEAD, s.get(f.id()).state());
    assertEquals("active", s.get(f.id()).verification());
    assertNotNull(s.get(f.id()).residualValidationMs());
    assertEquals(1, loop.issuer.revocations());
    List<WebhookReceiver.Received> revoked = loop.receiver.ofType(LifecycleEvents.REVOKED);
    assertEquals(1, revoked.size());
    JsonNode data = revoked.get(0).body().get("data");
    assertEquals(key.get("id").asText(), data.at("/key/id").asText());
    assertEquals("user_ada", data.at("/owner/id").asText());
    assertEquals("merge@acme.test", data.at("/occurrences/0/committer_email").asText());
    assertEquals("dev@acme.test", data.at("/occurrences/0/author_email").asText());
    assertEquals(1, loop.receiver.ofType(LifecycleEvents.LEAKED).size());
  }

  @Test
  void remediate_holdsOrgKeyForApprovalThenApproveRevokesIt() throws Exception {
    Finding f = loop.finding(loop.createKey("organization", "org_acme").get("value").asText());
    Remediator r = loop.remediator(loop.ledger(), CrashPoint.NONE);
    assertEquals(State.APPROVAL_REQUIRED, loop.scan(r, List.of(f)).get(f.id()).state());
    assertEquals(0, loop.issuer.revocations());
    assertEquals(1, loop.receiver.ofType(LifecycleEvents.APPROVAL_REQUIRED).size());
    assertEquals(
        "organization_admins",
        loop.receiver
            .ofType(LifecycleEvents.APPROVAL_REQUIRED)
            .get(0)
            .body()
            .at("/data/notify/0/type")
            .asText());

    assertThrows(RemediationException.class, () -> r.revokeOne(f.id(), false));
    assertEquals(State.CONFIRMED_DEAD, r.revokeOne(f.id().substring(0, 8), true).state());
    assertEquals(1, loop.issuer.revocations());
    assertEquals(1, loop.receiver.ofType(LifecycleEvents.REVOKED).size());
  }

  @Test
  void rerun_sendsNothingNewAndRevokesNothingTwice() throws Exception {
    Finding user = loop.finding(loop.createKey("user", "user_ada").get("value").asText());
    Finding org = loop.finding(loop.createKey("organization", "org_acme").get("value").asText());
    loop.scan(loop.remediator(loop.ledger(), CrashPoint.NONE), List.of(user, org));
    int events = loop.receiver.received().size();

    Remediator again = loop.remediator(loop.ledger(), CrashPoint.NONE);
    loop.scan(again, List.of(user, org));
    again.resume();
    assertEquals(events, loop.receiver.received().size());
    assertEquals(1, loop.issuer.revocations());
  }

  @Test
  void hookAddedLater_receivesNoPastEvents() throws Exception {
    Finding f = loop.finding(loop.createKey("user", "user_ada").get("value").asText());
    loop.scan(loop.remediator(loop.ledger(), CrashPoint.NONE), List.of(f));
    int before = loop.receiver.received().size();
    loop.hookName = "added-later";
    loop.remediator(loop.ledger(), CrashPoint.NONE).resume();
    assertEquals(before, loop.receiver.received().size());
  }

  @Test
  void ledger_erasesRawValueOnceConfirmedDeadAndNeverStoresItPlain() throws Exception {
    String value = loop.createKey("organization", "org_acme").get("value").asText();
    Finding f = loop.finding(value);
    Ledger ledger = loop.ledger();
    Remediator r = loop.remediator(ledger, CrashPoint.NONE);
    loop.scan(r, List.of(f));
    assertTrue(ledger.entry(f.id()).orElseThrow().holdsSecret());
    assertFalse(contains(dir, value));
    r.revokeOne(f.id(), true);
    assertFalse(ledger.entry(f.id()).orElseThrow().holdsSecret());
  }

  @Test
  void verify_recordsUnknownKeysAsInactiveOnlyWhenIssuerSaysNull() throws Exception {
    Finding f = loop.finding(dev.keyhound.rules.KeyFormat.ISSUER.mint("sk_live_"));
    assertEquals(
        State.INACTIVE,
        loop.scan(loop.remediator(loop.ledger(), CrashPoint.NONE), List.of(f)).get(f.id()).state());
    assertTrue(loop.receiver.received().isEmpty());
  }

  static boolean contains(Path dir, String value) throws Exception {
    try (var files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(value)) {
          return true;
        }
      }
    }
    return false;
  }
}
