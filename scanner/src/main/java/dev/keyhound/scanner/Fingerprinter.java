package dev.keyhound.scanner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  /** SHA-256's block: the key, padded to it, is XORed with 0x36 (inner) and 0x5c (outer). */
  private static final int BLOCK = 64;

  private final byte[] innerPad;
  private final byte[] outerPad;

  /**
   * HMAC-SHA256 (RFC 2104) over a {@link MessageDigest}, one per thread (a digest holds state
   * between calls). The same bytes as {@code javax.crypto.Mac} ({@code FingerprinterTest} checks
   * it), without it: the first {@code Mac.getInstance} searches every security provider and parses
   * the crypto policy files, ~25 ms of CPU (~60 ms of wall on a busy machine) on the pre-commit
   * hook's path that stops a commit, where a SHA-256 digest costs a third of it.
   */
  private final ThreadLocal<MessageDigest> digests = new PerThreadDigest();

  public Fingerprinter(byte[] key) {
    if (key.length < 16) {
      throw new IllegalArgumentException(
          "fingerprint key must have at least 16 bytes: " + key.length);
    }
    byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
    innerPad = new byte[BLOCK];
    outerPad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (b ^ 0x36);
      outerPad[i] = (byte) (b ^ 0x5c);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A named class rather than {@code ThreadLocal.withInitial}: no lambda on the hook's path. */
  private static final class PerThreadDigest extends ThreadLocal<MessageDigest> {
    @Override
    protected MessageDigest initialValue() {
      return sha256();
    }
  }

  /** The key a team's key text stands for: SHA-256 of a domain tag and the text, 32 bytes. */
  public static byte[] keyFromText(String text) {
    if (text.length() < MIN_KEY_TEXT) {
      throw new IllegalArgumentException(
          "an id key needs at least " + MIN_KEY_TEXT + " characters: it has " + text.length());
    }
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("keyhound finding ids\0" + text).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
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
    MessageDigest sha = digests.get(); // digest() leaves it reset
    sha.update(innerPad);
    byte[] inner = sha.digest(input.getBytes(StandardCharsets.UTF_8));
    sha.update(outerPad);
    return HexFormat.of().formatHex(sha.digest(inner), 0, bytes);
  }
}
