package dev.keyhound.scanner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Content-derived, keyed ids: a finding id is HMAC-SHA256(key, rule id, secret), so a report cannot
 * be brute- forced back to a short secret and the id survives line moves; an occurrence id adds the
 * blob and span.
 */
public final class Fingerprinter {
  /** File in the state folder that holds the key. */
  public static final String KEY_FILE = "fingerprint.key";

  private final SecretKeySpec key;

  public Fingerprinter(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException(
          "fingerprint key must have at least 16 bytes: " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /** The fingerprinter whose key lives in the state folder. */
  public static Fingerprinter from(StateDir state) {
    return new Fingerprinter(state.secretKey(KEY_FILE, 32));
  }

  /** The finding id of a secret found by a rule: 32 hex characters. */
  public String findingId(String ruleId, String secret) {
    return hmac(ruleId + '\0' + secret, 16);
  }

  /** A keyed hash of a secret alone, for ledgers that must match a value without storing it. */
  public String secretHash(String secret) {
    return hmac("secret\0" + secret, 32);
  }

  /** The occurrence id: finding, blob, span and the place it was seen. */
  public String occurrenceId(String findingId, String blobId, int start, int end, String location) {
    return hmac(findingId + '\0' + blobId + '\0' + start + '\0' + end + '\0' + location, 16);
  }

  private String hmac(String input, int bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] out = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(out, 0, bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
