package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyModesTest extends LoopTestBase {
  @Test
  void dryRun_revokesNothingAndNotifiesNoOne() throws Exception {
    loop.policy = new Policy(Policy.Mode.DRY_RUN, Set.of("user"), Set.of());
    Finding f = loop.finding(loop.createKey("user", "user_ada").get("value").asText());
    assertEquals(
        State.ACTIVE,
        loop.scan(loop.remediator(loop.ledger(), CrashPoint.NONE), List.of(f)).get(f.id()).state());
    assertEquals(0, loop.issuer.revocations());
    assertTrue(loop.receiver.received().isEmpty());
  }

  @Test
  void off_verifiesOnly() throws Exception {
    loop.policy = Policy.off();
    Finding f = loop.finding(loop.createKey("user", "user_ada").get("value").asText());
    FindingStatus s =
        loop.scan(loop.remediator(loop.ledger(), CrashPoint.NONE), List.of(f)).get(f.id());
    assertEquals("active", s.verification());
    assertEquals("user_ada", s.ownerId());
    assertEquals(0, loop.issuer.revocations());
  }

  @Test
  void commandHook_getsTheEventOnStdinWithItsWebhookId() throws Exception {
    Path out = dir.resolve("event.json");
    HookConfig hook =
        new HookConfig(
            null,
            null,
            null,
            List.of("sh", "-c", "cat > '" + out + "' && echo \"$WEBHOOK_ID\" > '" + out + ".id'"),
            Set.of());
    Delivery d =
        new HookSender(n -> null, loop.clock, Duration.ofSeconds(10))
            .send(hook, "msg_abc", "{\"type\":\"secret.revoked\"}");
    assertTrue(d instanceof Delivery.Delivered, d.toString());
    assertEquals("{\"type\":\"secret.revoked\"}", Files.readString(out));
    assertEquals("msg_abc", Files.readString(Path.of(out + ".id")).strip());
  }

  @Test
  void commandHook_nonZeroExitIsAFailureToRetry() throws Exception {
    HookConfig hook = new HookConfig(null, null, null, List.of("sh", "-c", "exit 3"), Set.of());
    Delivery d =
        new HookSender(n -> null, loop.clock, Duration.ofSeconds(10)).send(hook, "msg_abc", "{}");
    assertTrue(d instanceof Delivery.Failed f && f.reason().contains("exited 3"), d.toString());
  }
}
