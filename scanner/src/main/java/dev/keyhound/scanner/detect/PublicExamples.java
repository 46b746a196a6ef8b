package dev.keyhound.scanner.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Credentials published in vendors' documentation ({@code public-examples.txt}), and documentation
 * JWTs recognised by their payload (the {@code "John Doe"} / {@code "sub": "1234567890"} claims
 * that jwt.io and most tutorials sign), whatever key signed them.
 */
final class PublicExamples {
  private static final List<String> KNOWN = load();

  /** Claims that only sample tokens carry. */
  private static final List<String> SAMPLE_CLAIMS =
      List.of(
          "\"John Doe\"",
          "\"Jane Doe\"",
          "\"1234567890\"",
          "\"john.doe@",
          "\"jane.doe@",
          "\"some\":\"payload\"");

  /**
   * HMAC keys that documentation signs its sample JWTs with (jwt.io's "your-256-bit-secret", the
   * libraries' "secret"): a token that verifies with one of them protects nothing and leaks
   * nothing.
   */
  private static final List<String> SAMPLE_HMAC_KEYS =
      List.of(
          "secret",
          "your-256-bit-secret",
          "your-384-bit-secret",
          "your-512-bit-secret",
          "your-secret-key",
          "secret-key",
          "secretkey",
          "mysecret",
          "my-secret",
          "key",
          "shhhhh",
          "changeme");

  private PublicExamples() {}

  /** Which published example the value is or holds, if any. */
  static Optional<String> why(String secret) {
    for (String k : KNOWN) {
      if (secret.contains(k)) {
        return Optional.of("a value published in vendor documentation");
      }
    }
    for (JwtSpans.Span jwt : JwtSpans.in(secret)) {
      String payload = jwt.payload(secret);
      for (String claim : SAMPLE_CLAIMS) {
        if (payload.replace(" ", "").contains(claim)) {
          return Optional.of("a documentation JWT (" + claim + " claim)");
        }
      }
      int end = jwt.end();
      if (end < secret.length()
          && secret.charAt(end) == '.'
          && signedWithSampleKey(secret, jwt.start(), end)) {
        return Optional.of("a JWT signed with a documentation HMAC key");
      }
    }
    return Optional.empty();
  }

  /** Whether the HS256/384/512 token at [at, end) + signature verifies with a documented key. */
  private static boolean signedWithSampleKey(String s, int at, int end) {
    String header = JwtSpans.decode(s.substring(at, s.indexOf('.', at)));
    String alg =
        header.contains("\"HS256\"")
            ? "HmacSHA256"
            : header.contains("\"HS384\"")
                ? "HmacSHA384"
                : header.contains("\"HS512\"") ? "HmacSHA512" : null;
    if (alg == null) {
      return false;
    }
    int sigEnd = end + 1;
    while (sigEnd < s.length() && JwtSpans.isBase64Url(s.charAt(sigEnd))) {
      sigEnd++;
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(s.substring(end + 1, sigEnd));
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] signed = s.substring(at, end).getBytes(StandardCharsets.US_ASCII);
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance(alg);
      for (String key : SAMPLE_HMAC_KEYS) {
        mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), alg));
        if (java.security.MessageDigest.isEqual(mac.doFinal(signed), signature)) {
          return true;
        }
      }
    } catch (java.security.GeneralSecurityException e) {
      return false; // no such MAC here: judge the token on its claims alone
    }
    return false;
  }

  private static List<String> load() {
    List<String> out = new ArrayList<>();
    try (InputStream in = OwnResources.open("public-examples.txt")) {
      if (in == null) {
        throw new IllegalStateException("public-examples.txt is missing from the scanner jar");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String v = line.strip();
        if (!v.isEmpty() && !v.startsWith("#")) {
          out.add(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }
}
