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

  DevIssuerEvents(List<URI> webhooks, Clock clock) {
    this.webhooks = List.copyOf(webhooks);
    this.clock = clock;
  }

  void emit(String event, ObjectNode key) {
    if (webhooks.isEmpty()) {
      return;
    }
    ObjectNode e = JSON.createObjectNode();
    e.put("id", "event_" + Ulid.next(clock.millis()));
    e.put("event", event);
    e.set("data", key.deepCopy());
    e.put("created_at", clock.instant().toString());
    String body = e.toString();
    for (URI url : webhooks) {
      sender.execute(
          () -> {
            try {
              http.send(
                  HttpRequest.newBuilder(url)
                      .timeout(Duration.ofSeconds(5))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
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
