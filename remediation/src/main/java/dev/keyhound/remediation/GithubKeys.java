package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's secret scanning public keys, from a keys document in GitHub's format ({@code
 * {"public_keys": [{"key_identifier", "key" (PEM), "is_current"}]}}) read from a file or an https
 * URL. Cached; an unknown identifier re-reads the document once (GitHub rotates keys), at most once
 * per {@link #MIN_REFRESH} so that forged identifiers cannot make us hammer the source.
 */
public final class GithubKeys {
  /** Shortest wait between two re-reads triggered by unknown identifiers. */
  public static final Duration MIN_REFRESH = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String source;
  private final Clock clock;
  private final HttpClient http;
  private Map<String, PublicKey> keys;
  private long loadedAt = Long.MIN_VALUE;

  private GithubKeys(String source, Clock clock) {
    this.source = source;
    this.clock = clock;
    this.http =
        source.startsWith("http")
            ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
            : null;
  }

  /**
   * Keys from {@code source}: a file path, or an https URL (plain http only to loopback, for
   * tests). The document is read now, so a bad setting fails at start.
   */
  public static GithubKeys load(String source, Clock clock) throws IOException {
    if (source.startsWith("http:") && !isLoopback(URI.create(source))) {
      throw new IllegalArgumentException(
          "github_keys must be a file or an https URL (plain http only to loopback): " + source);
    }
    GithubKeys k = new GithubKeys(source, clock);
    k.refresh();
    return k;
  }

  private static boolean isLoopback(URI u) {
    return "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost());
  }

  /** The key with this identifier, re-reading the document once if it is not known yet. */
  public synchronized Optional<PublicKey> find(String identifier) {
    PublicKey k = keys.get(identifier);
    if (k == null && clock.millis() - loadedAt >= MIN_REFRESH.toMillis()) {
      try {
        refresh();
      } catch (IOException e) {
        // keep the keys we have: an unreachable source must not stop verified alerts
      }
      k = keys.get(identifier);
    }
    return Optional.ofNullable(k);
  }

  private void refresh() throws IOException {
    loadedAt = clock.millis();
    keys = parse(read(), source);
  }

  private byte[] read() throws IOException {
    if (http == null) {
      return Files.readAllBytes(Path.of(source));
    }
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(source))
                  .timeout(Duration.ofSeconds(10))
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException(source + ": HTTP " + r.statusCode());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(source + ": interrupted", e);
    }
  }

  /** Parses a keys document; a bad one fails naming the source and the entry. */
  static Map<String, PublicKey> parse(byte[] doc, String where) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(doc);
    } catch (IOException e) {
      throw new IOException(where + ": not a JSON keys document: " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("public_keys");
    if (list == null || !list.isArray()) {
      throw new IOException(where + ": the keys document has no public_keys array");
    }
    Map<String, PublicKey> out = new HashMap<>();
    int i = 0;
    for (JsonNode k : list) {
      i++;
      String id = k.path("key_identifier").asText(null);
      String pem = k.path("key").asText(null);
      if (id == null || pem == null) {
        throw new IOException(where + ": public_keys #" + i + " lacks key_identifier or key");
      }
      try {
        out.put(id, publicKey(pem));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        throw new IOException(where + ": public_keys #" + i + " is not a PEM EC public key", e);
      }
    }
    return Map.copyOf(out);
  }

  /** An EC public key from PEM, or from the bare base64 of its DER SubjectPublicKeyInfo. */
  public static PublicKey publicKey(String pemOrBase64) throws GeneralSecurityException {
    String b64 =
        pemOrBase64
            .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
            .replace("\\n", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }
}
