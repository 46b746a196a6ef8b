package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code [serve]} section of {@code .keyhound.toml}: where {@code keyhound serve} listens,
 * where GitHub's public keys come from, and which environment variable holds the issuer events'
 * secret.
 *
 * @param githubKeys a file path or an https URL of GitHub's keys document; null disables the GitHub
 *     endpoint (it answers 401)
 * @param issuerEventsSecretEnv the variable holding the Standard Webhooks secret of the issuer's
 *     events; null disables that endpoint (it answers 401)
 */
public record ServeSettings(
    int port, String bind, String githubKeys, String issuerEventsSecretEnv) {
  public static final int DEFAULT_PORT = 8902;
  public static final String DEFAULT_BIND = "127.0.0.1";

  public ServeSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("[serve] port must be 0..65535: " + port);
    }
    bind = bind == null || bind.isBlank() ? DEFAULT_BIND : bind.strip();
    githubKeys = githubKeys == null || githubKeys.isBlank() ? null : githubKeys.strip();
    issuerEventsSecretEnv =
        issuerEventsSecretEnv == null || issuerEventsSecretEnv.isBlank()
            ? null
            : issuerEventsSecretEnv.strip();
  }

  /** Reads {@code [serve]}; a missing file or section gives the defaults. */
  public static ServeSettings load(Path file) {
    if (file == null) {
      return new ServeSettings(DEFAULT_PORT, DEFAULT_BIND, null, null);
    }
    JsonNode n;
    try {
      n = new TomlMapper().readTree(file.toFile()).path("serve");
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read TOML: " + e.getMessage(), e);
    }
    try {
      JsonNode port = n.path("port");
      if (!port.isMissingNode() && !port.canConvertToInt()) {
        throw new IllegalArgumentException("[serve] port must be a number: " + port);
      }
      return new ServeSettings(
          port.isMissingNode() ? DEFAULT_PORT : port.asInt(),
          n.path("bind").asText(null),
          n.path("github_keys").asText(null),
          n.path("issuer_events_secret_env").asText(null));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** These settings with command-line values laid over them (null: keep the file's). */
  public ServeSettings override(Integer port, String bind) {
    return new ServeSettings(
        port == null ? this.port : port,
        bind == null ? this.bind : bind,
        githubKeys,
        issuerEventsSecretEnv);
  }
}
