package dev.keyhound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.keyhound.remediation.WebhookSigner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback webhook receiver that accepts only events whose Standard Webhooks signature verifies.
 */
final class SignedWebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final List<JsonNode> accepted = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();
  private int rejected;

  SignedWebhookReceiver(String secret) throws IOException {
    WebhookSigner signer = new WebhookSigner(secret);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = ex.getRequestHeaders().getFirst("webhook-id");
            String ts = ex.getRequestHeaders().getFirst("webhook-timestamp");
            boolean ok =
                id != null
                    && ts != null
                    && signer.verify(
                        id,
                        Long.parseLong(ts),
                        body,
                        ex.getRequestHeaders().getFirst("webhook-signature"));
            synchronized (this) {
              if (ok) {
                accepted.add(JSON.readTree(body));
                ids.add(id);
              } else {
                rejected++;
              }
            }
            ex.sendResponseHeaders(ok ? 204 : 401, -1);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/keyhound";
  }

  synchronized List<JsonNode> accepted() {
    return List.copyOf(accepted);
  }

  synchronized List<JsonNode> ofType(String type) {
    return accepted.stream().filter(e -> e.path("type").asText().equals(type)).toList();
  }

  synchronized List<String> ids() {
    return List.copyOf(ids);
  }

  synchronized int rejected() {
    return rejected;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
