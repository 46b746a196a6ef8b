package dev.keyhound.scanner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Content-derived, keyed ids: a finding id is HMAC-SHA256(key, rule id, secret), so a report cannot
 * be brute-forced back to a short secret without the key and the id survives line moves; an
 * occurrence id adds the blob and span. The key belongs to a team, not a machine: the same secret
 * gets the same id wherever the same key is used.
 */
public final class Fingerprinter {
  /**
   * File in the state folder that held a machine's own key before ids became the team's; read only
   * to adopt an older ledger whose ids were made with it.
   */
  public static final String LEGACY_KEY_FILE = "fingerprint.key";

  /**
   * The text the default key is derived from. It is public, so default ids protect short secrets
   * only as far as a plain hash does; a team sets its own key through {@code [ids] key_env}.
   */
  public static final String DEFAULT_KEY_TEXT = "keyhound default finding-id key v1";

  /** The least a team key may hold, in characters. */
  public static final int MIN_KEY_TEXT = 16;

  private final byte[] key;

  /** One {@link HmacSha256} per thread: a digest keeps state while it runs. */
  private final ThreadLocal<HmacSha256> macs = new PerThreadMac();

  public Fingerprinter(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException(
          "fingerprint key must have at least 16 bytes: " + key.length);
    }
    this.key = key.clone();
  }

  /** A named class rather than {@code ThreadLocal.withInitial}: no lambda on the hook's path. */
  private final class PerThreadMac extends ThreadLocal<HmacSha256> {
    @Override
    protected HmacSha256 initialValue() {
      return new HmacSha256(key);
    }
  }

  /**
   * HMAC-SHA256 (RFC 2104) over the JDK's SHA-256 digest, equal to {@code
   * javax.crypto.Mac.getInstance("HmacSHA256")} ({@code FingerprinterTest} compares them). The
   * digest comes from the first security provider; {@code Mac} searches the providers past it (one
   * of them through a service lookup that opens every jar on the class path) and sets up the JCE's
   * jurisdiction policy first: ~50 ms of CPU for the first id of a run against ~18 for the digest,
   * which a pre-commit check that stops a commit pays while the developer waits.
   */
  static final class HmacSha256 {
    private static final int BLOCK = 64;
    private final MessageDigest digest;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];

    HmacSha256(byte[] key) {
      digest = sha256();
      byte[] k = key.length > BLOCK ? digest.digest(key) : key;
      for (int i = 0; i < BLOCK; i++) {
        byte b = i < k.length ? k[i] : 0;
        innerPad[i] = (byte) (b ^ 0x36);
        outerPad[i] = (byte) (b ^ 0x5c);
      }
    }

    byte[] mac(byte[] message) {
      digest.update(innerPad);
      byte[] inner = digest.digest(message);
      digest.update(outerPad);
      byte[] out = digest.digest(inner);
      Arrays.fill(inner, (byte) 0);
      return out;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The key a team's key text stands for: SHA-256 of a domain tag and the text, 32 bytes. */
  public static byte[] keyFromText(String text) {
    if (text.length() < MIN_KEY_TEXT) {
      throw new IllegalArgumentException(
          "an id key needs at least " + MIN_KEY_TEXT + " characters: it has " + text.length());
    }
    return sha256().digest(("keyhound finding ids\0" + text).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code keyFromText(DEFAULT_KEY_TEXT)}, written out: a clean pre-commit check then makes no
   * digest, whose first use costs ~10 ms of the hook's start (the security providers load).
   */
  private static final String DEFAULT_KEY_HEX =
      "45e84335504360ad13cf2f1a9e34d8689274231e1133c58c09c6650a6acd239e";

  /** The documented default key, for teams that set none. */
  public static byte[] defaultKey() {
    return HexFormat.of().parseHex(DEFAULT_KEY_HEX);
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
    byte[] out = macs.get().mac(input.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(out, 0, bytes);
  }
}
