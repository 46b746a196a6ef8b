package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP call per method to a WorkOS-compatible issuer: validate a value, delete a key. No
 * retries here.
 */
public final class IssuerClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final IssuerConfig config;
  private final String adminKey;
  private final RateLimiter limiter;
  private final HttpClient http;

  public IssuerClient(IssuerConfig config, String adminKey, RateLimiter limiter) {
    this.config = Objects.requireNonNull(config, "config");
    if (adminKey == null || adminKey.isBlank()) {
      throw new IllegalArgumentException(
          "the issuer admin key is missing: set $" + config.apiKeyEnv());
    }
    this.adminKey = adminKey;
    this.limiter = limiter;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.timeout());
    if ("http".equals(config.baseUrl().getScheme())) {
      // Plain HTTP would otherwise try an h2c upgrade on each new connection, which most API
      // servers refuse.
      b.version(HttpClient.Version.HTTP_1_1);
    }
    this.http = b.build();
  }

  public IssuerConfig config() {
    return config;
  }

  /**
   * {@code POST /api_keys/validations}: active with the key object, inactive on null, else unknown.
   */
  public Verification validate(String value) throws InterruptedException {
    String body = JSON.createObjectNode().put("value", value).toString();
    HttpRequest req =
        request("/api_keys/validations")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> resp;
    try {
      resp = send(req);
    } catch (IOException e) {
      return new Verification.Unknown(describe(e), null);
    }
    int s = resp.statusCode();
    if (s == 200) {
      try {
        JsonNode key = JSON.readTree(resp.body()).get("api_key");
        if (key == null) {
          return new Verification.Unknown("validation answer lacks api_key", null);
        }
        return key.isNull()
            ? new Verification.Inactive()
            : new Verification.Active(ApiKey.parse(key));
      } catch (IOException | IllegalArgumentException e) {
        return new Verification.Unknown("unreadable validation answer: " + e.getMessage(), null);
      }
    }
    return new Verification.Unknown(statusReason(s), retryAfter(resp).orElse(null));
  }

  /** {@code DELETE /api_keys/{id}}: 2xx revoked, 404 already gone. */
  public RevokeOutcome revoke(String keyId) throws InterruptedException {
    HttpRequest req =
        request("/api_keys/" + URLEncoder.encode(keyId, StandardCharsets.UTF_8)).DELETE().build();
    HttpResponse<String> resp;
    try {
      resp = send(req);
    } catch (IOException e) {
      return new RevokeOutcome.Retryable(describe(e), null);
    }
    int s = resp.statusCode();
    if (s / 100 == 2) {
      return new RevokeOutcome.Revoked();
    }
    if (s == 404) {
      return new RevokeOutcome.AlreadyGone();
    }
    if (retryable(s)) {
      return new RevokeOutcome.Retryable(statusReason(s), retryAfter(resp).orElse(null));
    }
    return new RevokeOutcome.Refused("HTTP " + s);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(config.resolve(path))
        .timeout(config.timeout())
        .header("Authorization", "Bearer " + adminKey)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest req) throws IOException, InterruptedException {
    limiter.acquire();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  static boolean retryable(int status) {
    return status == 401 || status == 403 || status == 408 || status == 429 || status >= 500;
  }

  private static String statusReason(int s) {
    return switch (s) {
      case 401, 403 -> "HTTP " + s + ": the issuer refused our admin credentials";
      case 429 -> "HTTP 429: rate limited";
      default -> "HTTP " + s;
    };
  }

  private static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "timeout";
    }
    return "connection error: "
        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /** Retry-After in seconds (HTTP dates are rare from APIs and are treated as absent). */
  private static Optional<Duration> retryAfter(HttpResponse<?> resp) {
    return resp.headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                long secs = Long.parseLong(v.trim());
                return secs < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(secs));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }
}
