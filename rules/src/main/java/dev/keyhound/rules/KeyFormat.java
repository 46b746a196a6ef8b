package dev.keyhound.rules;

import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;

/**
 * The shape of a checksummed API key: one of a few prefixes, a base62 body and an optional base62
 * CRC-32 checksum of the body, so that a key can be told valid offline.
 */
public record KeyFormat(String name, List<String> prefixes, int bodyLength, Checksum checksum) {

  /** The checksum that ends a key, if any. */
  public enum Checksum {
    /** CRC-32 of the body, in base62, big-endian, left-padded with '0' to six characters. */
    CRC32_BASE62,
    /** No checksum: only the shape can be checked; the issuer must decide. */
    NONE
  }

  /** What {@link #check} says of a value. */
  public enum Validity {
    VALID,
    BAD_CHECKSUM,
    NOT_THIS_FORMAT
  }

  public static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  public static final int CHECKSUM_LENGTH = 6;

  /** The issuer's default key format: {@code sk_live_}/{@code sk_test_}, 32 base62, 6 checksum. */
  public static final KeyFormat ISSUER =
      new KeyFormat("issuer", List.of("sk_live_", "sk_test_"), 32, Checksum.CRC32_BASE62);

  /** GitHub's classic tokens, which use the same checksum scheme over a 30-character body. */
  public static final KeyFormat GITHUB =
      new KeyFormat(
          "github", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), 30, Checksum.CRC32_BASE62);

  /**
   * Created on first mint: seeding a SecureRandom costs ~10-30 ms that loading a rule set does not
   * need.
   */
  private static final class Secure {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  public KeyFormat {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(checksum, "checksum");
    prefixes = List.copyOf(prefixes);
    if (prefixes.isEmpty()) {
      throw new IllegalArgumentException("key format " + name + " needs at least one prefix");
    }
    for (String p : prefixes) {
      if (p.isEmpty()) {
        throw new IllegalArgumentException("key format " + name + " has an empty prefix");
      }
    }
    if (bodyLength <= 0) {
      throw new IllegalArgumentException("key body length must be positive: " + bodyLength);
    }
  }

  /** Length of the whole key after its prefix. */
  public int tailLength() {
    return bodyLength + (checksum == Checksum.CRC32_BASE62 ? CHECKSUM_LENGTH : 0);
  }

  /**
   * Mints a new key with the given prefix (which must be one of this format's) from a secure random
   * source.
   */
  public String mint(String prefix) {
    return mint(prefix, Secure.RANDOM);
  }

  /**
   * Mints a key from the given source: a plain one serves for rule examples, which are never
   * issued.
   */
  String mint(String prefix, RandomGenerator random) {
    if (!prefixes.contains(prefix)) {
      throw new IllegalArgumentException("prefix " + prefix + " is not one of " + prefixes);
    }
    StringBuilder body = new StringBuilder(bodyLength);
    for (int i = 0; i < bodyLength; i++) {
      body.append(BASE62.charAt(random.nextInt(BASE62.length())));
    }
    String b = body.toString();
    return prefix + b + (checksum == Checksum.CRC32_BASE62 ? checksumOf(b) : "");
  }

  /**
   * Whether the value has this format's shape: a prefix, then exactly the right number of base62
   * characters.
   */
  public boolean hasShape(String value) {
    String prefix = prefixOf(value);
    if (prefix == null || value.length() != prefix.length() + tailLength()) {
      return false;
    }
    for (int i = prefix.length(); i < value.length(); i++) {
      if (BASE62.indexOf(value.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Checks shape and, where the format has one, checksum. */
  public Validity check(String value) {
    if (!hasShape(value)) {
      return Validity.NOT_THIS_FORMAT;
    }
    if (checksum == Checksum.NONE) {
      return Validity.VALID;
    }
    int start = prefixOf(value).length();
    String body = value.substring(start, start + bodyLength);
    String sum = value.substring(start + bodyLength);
    return checksumOf(body).equals(sum) ? Validity.VALID : Validity.BAD_CHECKSUM;
  }

  /**
   * An RE2 regex (no anchors, with word boundaries) for values of this shape; group 1 is the key.
   */
  public String regex() {
    StringBuilder alt = new StringBuilder();
    for (String p : prefixes) {
      if (alt.length() > 0) {
        alt.append('|');
      }
      alt.append(quote(p));
    }
    return "\\b((?:" + alt + ")[0-9A-Za-z]{" + tailLength() + "})\\b";
  }

  /**
   * Lower-cased keywords for the prefilter: the prefixes themselves. A loop, not a stream: the
   * built-in rules' issuer rule asks for them while a pre-commit hook waits.
   */
  public List<String> keywords() {
    String[] out = new String[prefixes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = prefixes.get(i).toLowerCase(java.util.Locale.ROOT);
    }
    return List.of(out);
  }

  private String prefixOf(String value) {
    for (String p : prefixes) {
      if (value.startsWith(p)) {
        return p;
      }
    }
    return null;
  }

  // Written out rather than generated: a record's generated equals/hashCode is bootstrapped through
  // method
  // handles on first use, ~15 ms of the pre-commit hook's start (the detector keeps formats in a
  // set).
  @Override
  public boolean equals(Object o) {
    return o instanceof KeyFormat f
        && name.equals(f.name)
        && prefixes.equals(f.prefixes)
        && bodyLength == f.bodyLength
        && checksum == f.checksum;
  }

  @Override
  public int hashCode() {
    return ((name.hashCode() * 31 + prefixes.hashCode()) * 31 + bodyLength) * 31
        + checksum.hashCode();
  }

  /** CRC-32 of the text's UTF-8 bytes, in base62, left-padded with '0' to six characters. */
  public static String checksumOf(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long v = crc.getValue();
    char[] out = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (v % 62));
      v /= 62;
    }
    return new String(out);
  }

  private static String quote(String literal) {
    StringBuilder sb = new StringBuilder();
    for (char c : literal.toCharArray()) {
      if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
