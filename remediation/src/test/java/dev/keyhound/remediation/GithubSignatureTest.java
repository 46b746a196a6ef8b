package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GithubSignatureTest {
  /** GitHub's published example for its secret scanning partner program. */
  static final String BODY =
      "[{\"token\":\"some_token\",\"type\":\"some_type\",\"url\":\"some_url\"}]";

  static final String SIGNATURE =
      "MEUCIQDKZokqnCjrRtw0tni+2Ltvl/uiMJ1EGumEsp1BsNr32AIgQY1YXD2nlj+XNfGK4rBfkMJ1JDOQcYXxa2sY8FNkrKc=";
  static final String PUBLIC_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9MJJHnMfn2+H4xL4YaPDA4RpJqUqkCmRCBnYERxZanmcpzQSXs1X/AljlKkbJ8qpVIW4clayyef9gWhFbNHWAA==";

  @Test
  void verify_acceptsGithubsPublishedVector() throws Exception {
    PublicKey key = GithubKeys.publicKey(PUBLIC_KEY);
    assertTrue(GithubSignature.verify(key, BODY.getBytes(StandardCharsets.UTF_8), SIGNATURE));
  }

  @Test
  void verify_refusesThePublishedVectorWithOneBodyByteChanged() throws Exception {
    PublicKey key = GithubKeys.publicKey(PUBLIC_KEY);
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < body.length; i++) {
      byte[] changed = body.clone();
      changed[i] ^= 1;
      assertFalse(GithubSignature.verify(key, changed, SIGNATURE), "byte " + i + " changed");
    }
  }

  @Test
  void verify_refusesMalformedSignaturesWithoutThrowing() throws Exception {
    PublicKey key = GithubKeys.publicKey(PUBLIC_KEY);
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    assertFalse(GithubSignature.verify(key, body, null));
    assertFalse(GithubSignature.verify(key, body, "not base64 !"));
    assertFalse(GithubSignature.verify(key, body, Base64.getEncoder().encodeToString(new byte[8])));
  }

  @Test
  void keysDocument_readsPemKeysInGithubsFormat() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    String doc =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createObjectNode()
            .set(
                "public_keys",
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .createArrayNode()
                    .add(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                            .createObjectNode()
                            .put("key_identifier", "kid-1")
                            .put("key", pem)
                            .put("is_current", true)))
            .toString();
    PublicKey parsed =
        GithubKeys.parse(doc.getBytes(StandardCharsets.UTF_8), "keys.json").get("kid-1");
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(pair.getPrivate());
    s.update(BODY.getBytes(StandardCharsets.UTF_8));
    String sig = Base64.getEncoder().encodeToString(s.sign());
    assertTrue(GithubSignature.verify(parsed, BODY.getBytes(StandardCharsets.UTF_8), sig));
  }

  @Test
  void keysDocument_withoutPublicKeysFailsNamingTheSource() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> GithubKeys.parse("{}".getBytes(StandardCharsets.UTF_8), "keys.json"));
    assertEquals("keys.json: the keys document has no public_keys array", e.getMessage());
  }
}
