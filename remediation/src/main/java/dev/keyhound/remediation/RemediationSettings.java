package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code [issuer]}, {@code [remediation]} and {@code [[hooks]]} sections of {@code
 * .keyhound.toml} (the rule loader reads the rest of the same file and ignores these).
 *
 * @param issuer null when the file has no {@code [issuer]}
 */
public record RemediationSettings(IssuerConfig issuer, Policy policy, List<HookConfig> hooks) {
  public RemediationSettings {
    hooks = List.copyOf(hooks);
  }

  /** No issuer, remediation off, no hooks: what a missing file means. */
  public static RemediationSettings none() {
    return new RemediationSettings(null, Policy.off(), List.of());
  }

  /** Reads the sections; a bad value fails with a message naming the file and the value. */
  public static RemediationSettings load(Path file) {
    if (file == null) {
      return none();
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read TOML: " + e.getMessage(), e);
    }
    try {
      return new RemediationSettings(
          issuer(root.path("issuer")), policy(root.path("remediation")), hooks(root.path("hooks")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static IssuerConfig issuer(JsonNode n) {
    if (n.isMissingNode()) {
      return null;
    }
    String base = n.path("base_url").asText(null);
    if (base == null) {
      throw new IllegalArgumentException("[issuer] needs base_url");
    }
    long timeoutMs = n.path("timeout_ms").asLong(10_000);
    return new IssuerConfig(
        URI.create(base),
        n.path("api_key_env").asText(null),
        Duration.ofMillis(timeoutMs),
        n.path("max_attempts").asInt(4));
  }

  private static Policy policy(JsonNode n) {
    if (n.isMissingNode()) {
      return Policy.off();
    }
    Policy.Mode mode = Policy.Mode.parse(n.path("mode").asText("off"));
    Set<String> revoke = new HashSet<>();
    JsonNode r = n.path("revoke");
    if (r.isTextual()) {
      switch (r.asText()) {
        case "active" -> revoke.addAll(Policy.OWNER_TYPES);
        case "none" -> {}
        default ->
            throw new IllegalArgumentException(
                "[remediation] revoke must be \"active\", \"none\" or a list"
                    + " of owner types: "
                    + r.asText());
      }
    } else if (r.isArray()) {
      r.forEach(t -> revoke.add(ownerType(t.asText(), "revoke")));
    } else if (!r.isMissingNode()) {
      throw new IllegalArgumentException("[remediation] revoke must be a string or a list: " + r);
    }
    Set<String> approval = new HashSet<>();
    n.path("require_approval")
        .forEach(t -> approval.add(ownerType(t.asText(), "require_approval")));
    return new Policy(mode, revoke, approval);
  }

  private static String ownerType(String t, String field) {
    if (!Policy.OWNER_TYPES.contains(t)) {
      throw new IllegalArgumentException(
          "[remediation] "
              + field
              + " names an unknown owner type: "
              + t
              + " (use user or organization)");
    }
    return t;
  }

  private static List<HookConfig> hooks(JsonNode n) {
    List<HookConfig> out = new ArrayList<>();
    for (JsonNode h : n) {
      List<String> command = new ArrayList<>();
      h.path("command").forEach(c -> command.add(c.asText()));
      Set<String> events = new HashSet<>();
      h.path("events").forEach(e -> events.add(e.asText()));
      String url = h.path("url").asText(null);
      out.add(
          new HookConfig(
              h.path("name").asText(null),
              url == null ? null : URI.create(url),
              h.path("secret_env").asText(null),
              command,
              events));
    }
    return out;
  }
}
