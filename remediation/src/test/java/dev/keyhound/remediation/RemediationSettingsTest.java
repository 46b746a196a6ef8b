package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemediationSettingsTest {
  @TempDir Path dir;

  private RemediationSettings load(String toml) throws Exception {
    Path f = dir.resolve(".keyhound.toml");
    Files.writeString(f, toml);
    return RemediationSettings.load(f);
  }

  @Test
  void load_readsIssuerPolicyAndHooks() throws Exception {
    RemediationSettings s =
        load(
            """
        title = "rules live here too"
        [issuer]
        base_url = "http://127.0.0.1:8900"
        api_key_env = "MY_ISSUER_KEY"
        timeout_ms = 1500

        [remediation]
        mode = "auto"
        revoke = "active"
        require_approval = ["organization"]

        [[hooks]]
        url = "https://hooks.example/keyhound"
        secret_env = "HOOK_SECRET"
        events = ["secret.revoked"]

        [[hooks]]
        command = ["notify-owner", "--quiet"]
        """);
    assertEquals("MY_ISSUER_KEY", s.issuer().apiKeyEnv());
    assertEquals(Duration.ofMillis(1500), s.issuer().timeout());
    assertEquals(Policy.Mode.AUTO, s.policy().mode());
    assertEquals(Policy.Decision.REVOKE, s.policy().decide("user"));
    assertEquals(Policy.Decision.REQUIRE_APPROVAL, s.policy().decide("organization"));
    assertEquals(2, s.hooks().size());
    assertTrue(s.hooks().get(0).wants("secret.revoked"));
    assertEquals(false, s.hooks().get(0).wants("secret.leaked"));
    assertEquals(List.of("notify-owner", "--quiet"), s.hooks().get(1).command());
    assertTrue(s.hooks().get(1).wants("secret.leaked"));
  }

  @Test
  void load_withoutSectionsMeansNoIssuerAndRemediationOff() throws Exception {
    RemediationSettings s = load("title = \"rules only\"\n");
    assertNull(s.issuer());
    assertEquals(Policy.Mode.OFF, s.policy().mode());
    assertTrue(s.hooks().isEmpty());
  }

  @Test
  void load_badModeNamesFileAndValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> load("[remediation]\nmode = \"sometimes\"\n"));
    assertTrue(
        e.getMessage().contains(".keyhound.toml") && e.getMessage().contains("sometimes"),
        e.getMessage());
  }

  @Test
  void load_unknownHookEventIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load("[[hooks]]\nurl = \"http://x\"\nevents = [\"secret.exploded\"]\n"));
    assertTrue(e.getMessage().contains("secret.exploded"), e.getMessage());
  }

  @Test
  void policy_revokeListLimitsAutoRevocationToThoseOwners() throws Exception {
    Policy p = load("[remediation]\nmode = \"dry-run\"\nrevoke = [\"user\"]\n").policy();
    assertEquals(Policy.Mode.DRY_RUN, p.mode());
    assertEquals(Set.of("user"), p.revokeOwnerTypes());
    assertEquals(Policy.Decision.LEAVE, p.decide("organization"));
  }
}
