package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A loopback webhook receiver that verifies Standard Webhooks signatures and can be taken "down"
 * (503).
 */
final class WebhookReceiver implements AutoCloseable {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One accepted delivery. */
  record Received(String id, String type, JsonNode body) {}

  private final HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private volatile boolean down;
  private int rejected;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    WebhookSigner signer = new WebhookSigner(SECRET);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (down) {
              ex.sendResponseHeaders(503, -1);
              return;
            }
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            String sig = ex.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || ts == null || !signer.verify(id, Long.parseLong(ts), body, sig)) {
              synchronized (this) {
                rejected++;
              }
              ex.sendResponseHeaders(401, -1);
              return;
            }
            JsonNode n = JSON.readTree(body);
            synchronized (this) {
              received.add(new Received(id, n.get("type").asText(), n));
            }
            ex.sendResponseHeaders(204, -1);
          }
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
  }

  void down(boolean isDown) {
    down = isDown;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  synchronized List<Received> ofType(String type) {
    return received.stream().filter(r -> r.type().equals(type)).toList();
  }

  synchronized int rejected() {
    return rejected;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
