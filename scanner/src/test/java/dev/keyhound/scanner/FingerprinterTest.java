package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Ids are HMAC-SHA256 for every key length, the same on every thread, and fixed for the default
 * key.
 */
class FingerprinterTest {
  @Test
  void ids_areTheJdksHmacSha256_forShortBlockSizedAndLongKeys() throws Exception {
    SplittableRandom random = new SplittableRandom(12);
    for (int keyLength : new int[] {16, 31, 32, 63, 64, 65, 100, 200}) {
      byte[] key = new byte[keyLength];
      random.nextBytes(key);
      Fingerprinter f = new Fingerprinter(key);
      for (String secret : List.of("", "AKIAZ7VQ3XPLM4K2WJ5R", "é\u0000ü漢字" + "x".repeat(300))) {
        String finding = f.findingId("aws-access-key-id", secret);
        assertEquals(mac(key, "aws-access-key-id\0" + secret, 16), finding);
        assertEquals(mac(key, "secret\0" + secret, 32), f.secretHash(secret));
        assertEquals(
            mac(key, finding + "\0blob\0" + 3 + "\0" + 9 + "\0a.txt", 16),
            f.occurrenceId(finding, "blob", 3, 9, "a.txt"));
      }
    }
  }

  @Test
  void hmac_isTheJdks_atEveryMessageLengthAroundTheBlocks_usedAgainAndAgain() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int keyLength : new int[] {16, 32, 64, 65}) {
      byte[] key = new byte[keyLength];
      random.nextBytes(key);
      Fingerprinter.HmacSha256 ours = new Fingerprinter.HmacSha256(key);
      Mac jdk = Mac.getInstance("HmacSHA256");
      jdk.init(new SecretKeySpec(key, "HmacSHA256"));
      for (int length = 0; length <= 200; length++) {
        byte[] message = new byte[length];
        random.nextBytes(message);
        assertEquals(
            HexFormat.of().formatHex(jdk.doFinal(message)),
            HexFormat.of().formatHex(ours.mac(message)),
            keyLength + "-byte key, " + length + "-byte message");
      }
    }
  }

  @Test
  void defaultKeyIds_areUnchanged() {
    // Fixed values: ids stored in ledgers and .keyhoundignore files must not move.
    Fingerprinter f = new Fingerprinter(Fingerprinter.defaultKey());
    assertEquals(
        "aa3be95a0c470d6bbaf7873338b0aaf0",
        f.findingId("aws-access-key-id", "AKIAZ7VQ3XPLM4K2WJ5R"));
  }

  @Test
  void threads_eachGetTheSameIds() throws Exception {
    Fingerprinter f = new Fingerprinter(Fingerprinter.defaultKey());
    String expected = f.findingId("rule", "value");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> ids =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  32, () -> f.occurrenceId(f.findingId("rule", "value"), "b", 1, 2, "p")));
      for (Future<String> id : ids) {
        assertEquals(f.occurrenceId(expected, "b", 1, 2, "p"), id.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shortKey_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Fingerprinter(new byte[15]));
  }

  private static String mac(byte[] key, String input, int bytes) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] out = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(out, 0, bytes);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
