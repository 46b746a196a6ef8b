package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The issuer's own lifecycle webhooks ({@code api_key.created}, {@code api_key.revoked}), Standard
 * Webhooks-signed. A key revoked elsewhere (a dashboard, another tool) becomes {@code
 * confirmed_dead} and its pending revocation is cancelled, so keyhound never sends its DELETE. Each
 * {@code webhook-id} is acted on once; timestamps outside {@link #TOLERANCE} are refused.
 */
public final class IssuerEvents {
  /** How far a webhook-timestamp may be from now (replay protection). */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> LIVE_OR_PENDING =
      Set.of(
          State.VERIFY_PENDING,
          State.ACTIVE,
          State.APPROVAL_REQUIRED,
          State.REVOKE_PENDING,
          State.REVOKED,
          State.FAILED);

  private final Ledger ledger;
  private final Outbox outbox;
  private final WebhookSigner signer;
  private final Clock clock;

  /** What became of one event. */
  public sealed interface Answer permits Applied, Rejected {}

  /** Accepted; {@code confirmedDead} ledger entries moved by it (0 for other events, repeats). */
  public record Applied(String type, int confirmedDead) implements Answer {}

  /** Refused with an HTTP status and a short label. */
  public record Rejected(int status, String reason) implements Answer {}

  /** {@code secret} null: the endpoint is not configured and refuses everything. */
  public IssuerEvents(Ledger ledger, String secret, Clock clock) {
    this.ledger = ledger;
    this.outbox = new Outbox(ledger);
    this.signer = secret == null || secret.isBlank() ? null : new WebhookSigner(secret);
    this.clock = clock;
  }

  /** Handles one POST from its Standard Webhooks headers and raw body. */
  public Answer receive(String id, String timestamp, String signature, byte[] body)
      throws SQLException {
    if (signer == null) {
      return new Rejected(401, "not_configured");
    }
    if (id == null || timestamp == null || signature == null) {
      return new Rejected(401, "missing_signature");
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return new Rejected(401, "bad_timestamp");
    }
    if (Math.abs(clock.instant().getEpochSecond() - ts) > TOLERANCE.toSeconds()) {
      return new Rejected(401, "stale_timestamp");
    }
    String text = new String(body, StandardCharsets.UTF_8);
    if (!signer.verify(id, ts, text, signature)) {
      return new Rejected(401, "bad_signature");
    }
    JsonNode event;
    try {
      event = JSON.readTree(body);
    } catch (IOException e) {
      return new Rejected(400, "malformed_json");
    }
    if (event == null || !event.isObject() || !event.path("event").isTextual()) {
      return new Rejected(400, "not_an_event");
    }
    String type = event.path("event").asText();
    String keyId = event.path("data").path("id").asText(null);
    int[] moved = {0};
    ledger.inTransaction(
        () -> {
          if (!ledger.recordIssuerEvent(id, type, keyId, "received")) {
            return; // a retry or replay of an event already acted on
          }
          if ("api_key.revoked".equals(type) && keyId != null) {
            moved[0] = revokedElsewhere(keyId, revokedAt(event));
          }
        });
    return new Applied(type, moved[0]);
  }

  private int revokedElsewhere(String keyId, Instant revokedAt) throws SQLException {
    outbox.cancel(Revocations.key(keyId), "revoked at the issuer");
    int moved = 0;
    Instant now = clock.instant();
    for (LedgerEntry e : ledger.byKeyId(keyId)) {
      if (!LIVE_OR_PENDING.contains(e.state())) {
        continue;
      }
      Map<String, Object> set = new HashMap<>();
      set.put("confirmed_dead_at", now);
      if (e.revokedAt() == null) {
        set.put("revoked_at", revokedAt == null || revokedAt.isAfter(now) ? now : revokedAt);
      }
      if (ledger.transition(e.findingId(), e.state(), State.CONFIRMED_DEAD, set)) {
        ledger.eraseSecret(e.findingId());
        moved++;
      }
    }
    return moved;
  }

  private static Instant revokedAt(JsonNode event) {
    for (String f : new String[] {"revoked_at", "updated_at"}) {
      String v = event.path("data").path(f).asText(null);
      if (v != null) {
        try {
          return Instant.parse(v);
        } catch (RuntimeException ignored) {
          // fall back to the next field, then to now
        }
      }
    }
    return null;
  }
}
