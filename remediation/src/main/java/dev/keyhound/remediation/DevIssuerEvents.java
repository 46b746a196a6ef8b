package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The reference issuer's own events ({@code api_key.created}, {@code api_key.revoked}) posted to
 * the webhooks given by flags, in order, once each: a demo aid, not an outbox (keyhound's own hooks
 * are the durable ones).
 */
final class DevIssuerEvents implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<URI> webhooks;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "dev-issuer-events");
            t.setDaemon(true);
            return t;
          });

  private final WebhookSigner signer;

  /** {@code secret} null: events go unsigned. */
  DevIssuerEvents(List<URI> webhooks, String secret, Clock clock) {
    this.webhooks = List.copyOf(webhooks);
    this.signer = secret == null || secret.isBlank() ? null : new WebhookSigner(secret);
    this.clock = clock;
  }

  void emit(String event, ObjectNode key) {
    if (webhooks.isEmpty()) {
      return;
    }
    ObjectNode e = JSON.createObjectNode();
    String id = "event_" + Ulid.next(clock.millis());
    e.put("id", id);
    e.put("event", event);
    e.set("data", key.deepCopy());
    e.put("created_at", clock.instant().toString());
    String body = e.toString();
    long ts = clock.instant().getEpochSecond();
    for (URI url : webhooks) {
      sender.execute(
          () -> {
            try {
              HttpRequest.Builder req =
                  HttpRequest.newBuilder(url)
                      .timeout(Duration.ofSeconds(5))
                      .header("Content-Type", "application/json")
                      .header("webhook-id", id)
                      .header("webhook-timestamp", Long.toString(ts))
                      .POST(HttpRequest.BodyPublishers.ofString(body));
              if (signer != null) {
                req.header("webhook-signature", signer.sign(id, ts, body));
              }
              http.send(req.build(), HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException ignored) {
              // a demo receiver that is down misses the event; nothing here depends on it
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
            }
          });
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
  }
}
