package dev.keyhound.remediation;

import java.security.SecureRandom;

/**
 * ULIDs (48-bit millisecond time + 80 random bits, Crockford base32): sortable ids as WorkOS uses
 * them.
 */
public final class Ulid {
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ulid() {}

  public static String next(long epochMillis) {
    char[] out = new char[26];
    long t = epochMillis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (t & 31)];
      t >>>= 5;
    }
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    // 80 random bits as 16 base32 digits, 5 bits at a time.
    int bit = 0;
    for (int i = 10; i < 26; i++, bit += 5) {
      int v = 0;
      for (int b = 0; b < 5; b++) {
        int idx = bit + b;
        v = (v << 1) | ((r[idx / 8] >> (7 - idx % 8)) & 1);
      }
      out[i] = ALPHABET[v];
    }
    return new String(out);
  }
}
