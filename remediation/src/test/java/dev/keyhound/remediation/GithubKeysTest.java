package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GithubKeysTest {
  @TempDir Path dir;

  private static PublicKey newKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair().getPublic();
  }

  private static String doc(String id, PublicKey k) {
    return "{\"public_keys\":[{\"key_identifier\":\""
        + id
        + "\",\"key\":\"-----BEGIN PUBLIC KEY-----\\n"
        + Base64.getEncoder().encodeToString(k.getEncoded())
        + "\\n-----END PUBLIC KEY-----\",\"is_current\":true}]}";
  }

  @Test
  void find_unknownIdentifierRereadsTheDocumentOnce_soARotatedKeyIsAccepted() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-29T06:00:00Z"));
    Path file = dir.resolve("keys.json");
    PublicKey old = newKey();
    PublicKey rotated = newKey();
    Files.writeString(file, doc("old", old));
    GithubKeys keys = GithubKeys.load(file.toString(), clock);
    assertEquals(Optional.of(old), keys.find("old"));
    Files.writeString(file, doc("new", rotated));
    clock.advance(GithubKeys.MIN_REFRESH.plus(Duration.ofSeconds(1)));
    assertEquals(Optional.of(rotated), keys.find("new"));
    assertTrue(keys.find("old").isEmpty(), "the re-read document replaced the old one");
  }

  @Test
  void find_unknownIdentifiersDoNotRereadMoreThanOncePerInterval() throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-11-29T06:00:00Z"));
    Path file = dir.resolve("keys.json");
    Files.writeString(file, doc("old", newKey()));
    GithubKeys keys = GithubKeys.load(file.toString(), clock);
    Files.writeString(file, doc("new", newKey()));
    assertTrue(keys.find("new").isEmpty(), "within the interval the cached document answers");
  }

  @Test
  void load_refusesPlainHttpBeyondLoopback() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GithubKeys.load("http://keys.example.com/k.json", java.time.Clock.systemUTC()));
    assertTrue(e.getMessage().startsWith("github_keys must be a file or an https URL"));
  }
}
