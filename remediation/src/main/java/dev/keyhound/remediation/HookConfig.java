package dev.keyhound.remediation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * One {@code [[hooks]]} entry: a signed webhook ({@code url}, {@code secret_env}) or a command that
 * reads the event on stdin, and the events it wants (all when empty).
 */
public record HookConfig(
    String name, URI url, String secretEnv, List<String> command, Set<String> events) {
  /** Every lifecycle event keyhound emits. */
  public static final Set<String> EVENTS =
      Set.of(
          LifecycleEvents.LEAKED,
          LifecycleEvents.REVOKED,
          LifecycleEvents.REVOCATION_FAILED,
          LifecycleEvents.APPROVAL_REQUIRED);

  public HookConfig {
    command = command == null ? List.of() : List.copyOf(command);
    events = events == null ? Set.of() : Set.copyOf(events);
    if ((url == null) == command.isEmpty()) {
      throw new IllegalArgumentException(
          "a hook needs exactly one of url or command" + (name == null ? "" : ": " + name));
    }
    if (url != null && !"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("hook url must be http or https: " + url);
    }
    for (String e : events) {
      if (!EVENTS.contains(e)) {
        throw new IllegalArgumentException(
            "unknown hook event "
                + e
                + " (known: "
                + String.join(", ", EVENTS.stream().sorted().toList())
                + ")");
      }
    }
  }

  public boolean wants(String event) {
    return events.isEmpty() || events.contains(event);
  }

  /** A stable id for idempotency keys: the name, else a short hash of the target. */
  public String id() {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String target = url != null ? url.toString() : String.join("\0", command);
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
      return (url != null ? "webhook-" : "command-") + HexFormat.of().formatHex(h, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
