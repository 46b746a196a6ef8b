package dev.keyhound.remediation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))}, the
 * key being the base64 after the secret's {@code whsec_} prefix. Receivers use {@link #verify} the
 * same way.
 */
public final class WebhookSigner {
  private static final String PREFIX = "whsec_";
  private final SecretKeySpec key;

  public WebhookSigner(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("webhook secret is empty");
    }
    String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("webhook secret is not whsec_ followed by base64", e);
    }
    if (raw.length == 0) {
      throw new IllegalArgumentException("webhook secret decodes to no bytes");
    }
    this.key = new SecretKeySpec(raw, "HmacSHA256");
  }

  /** The {@code webhook-signature} header value. */
  public String sign(String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] sig =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /**
   * Whether any space-separated {@code v1,} signature in the header matches (constant-time
   * compare).
   */
  public boolean verify(String id, long timestamp, String body, String signatureHeader) {
    if (signatureHeader == null) {
      return false;
    }
    byte[] want = sign(id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    for (String s : signatureHeader.trim().split(" ")) {
      if (MessageDigest.isEqual(want, s.getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }
}
