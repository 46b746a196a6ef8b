package dev.keyhound.remediation;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the issuer: its base URL, the environment variable that holds our admin key (never a
 * flag), the per-request timeout and how many attempts one call gets within a run.
 */
public record IssuerConfig(URI baseUrl, String apiKeyEnv, Duration timeout, int maxAttempts) {
  public static final String DEFAULT_API_KEY_ENV = "KEYHOUND_ISSUER_API_KEY";

  public IssuerConfig {
    Objects.requireNonNull(baseUrl, "base_url");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException("issuer base_url must be http or https: " + baseUrl);
    }
    apiKeyEnv = apiKeyEnv == null || apiKeyEnv.isBlank() ? DEFAULT_API_KEY_ENV : apiKeyEnv;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("issuer timeout must be positive: " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("issuer max_attempts must be at least 1: " + maxAttempts);
    }
  }

  /** The URL of a path under the base URL (the base may or may not end in a slash). */
  public URI resolve(String path) {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }
}
