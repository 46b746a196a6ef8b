package dev.keyhound.scanner.testing;

import dev.keyhound.rules.KeyFormat;

/** Freshly minted issuer keys for planting in test fixtures. */
public final class Keys {
  private Keys() {}

  /** A valid live issuer key, different on every call. */
  public static String issuer() {
    return KeyFormat.ISSUER.mint("sk_live_");
  }
}
