package dev.keyhound.remediation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for raw secrets the ledger must keep until the key is confirmed dead; the finding id
 * is bound in as associated data, so a ciphertext copied onto another row does not decrypt.
 */
public final class SecretVault {
  /** File in the state folder that holds the key when the environment gives none. */
  public static final String KEY_FILE = "ledger.key";

  /**
   * The variable that gives every process sharing a ledger one vault key (a fleet's pods, {@code
   * serve}), so that what one process encrypted another can decrypt.
   */
  public static final String KEY_ENV = "KEYHOUND_LEDGER_KEY";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  public SecretVault(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("ledger key must have 32 bytes: " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** The vault key a shared key text stands for (16 characters or more). */
  public static byte[] keyFromText(String text) {
    if (text.length() < 16) {
      throw new IllegalArgumentException(
          "$" + KEY_ENV + " needs at least 16 characters: it has " + text.length());
    }
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(("keyhound ledger vault\0" + text).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public String encrypt(String findingId, String secret) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      c.updateAAD(findingId.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder()
          .encodeToString(ByteBuffer.allocate(12 + ct.length).put(iv).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** Decrypts, or fails naming the finding when the ledger key is not the one that encrypted it. */
  public String decrypt(String findingId, String sealed) {
    try {
      byte[] all = Base64.getDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
      c.updateAAD(findingId.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot decrypt the secret of finding "
              + findingId
              + ": the ledger key ($"
              + KEY_ENV
              + ", else ledger.key in the state folder) is not the one that encrypted it",
          e);
    }
  }
}
