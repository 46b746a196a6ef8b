package dev.keyhound.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.keyhound.rules.KeyFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code keyhound dev-issuer}: a small WorkOS-compatible API-key service on loopback, so the whole
 * detect-verify-revoke-notify loop runs on one machine and issuers have a model to follow.
 */
public final class DevIssuer implements AutoCloseable {
  /** The environment variable that holds the admin bearer key. */
  public static final String ADMIN_KEY_ENV = "KEYHOUND_ISSUER_ADMIN_KEY";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ORG_KEYS = Pattern.compile("/organizations/([^/]+)/api_keys");
  private static final Pattern USER_KEYS =
      Pattern.compile("/user_management/users/([^/]+)/api_keys");
  private static final Pattern ONE_KEY = Pattern.compile("/api_keys/([^/]+)");

  private final DevIssuerStore store;
  private final byte[] adminKey;
  private final DevIssuerEvents events;
  private final HttpServer server;

  /** Largest request body accepted (413 beyond), as a real API caps them. */
  public static final int MAX_BODY = 64 * 1024;

  // Bounded: a burst of clients queues (then runs on the accepting thread) rather than spawning a
  // thread per request.
  private final ExecutorService executor =
      new ThreadPoolExecutor(
          16,
          16,
          30,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(256),
          r -> {
            Thread t = new Thread(r, "dev-issuer");
            t.setDaemon(true);
            return t;
          },
          new ThreadPoolExecutor.CallerRunsPolicy());
  private final AtomicInteger revocations = new AtomicInteger();
  private final AtomicInteger validations = new AtomicInteger();
  private final AtomicInteger deleteRequests = new AtomicInteger();

  private DevIssuer(
      DevIssuerStore store, String adminKey, DevIssuerEvents events, HttpServer server) {
    this.store = store;
    this.adminKey = adminKey.getBytes(StandardCharsets.UTF_8);
    this.events = events;
    this.server = server;
  }

  /**
   * Starts on 127.0.0.1:{@code port} (0 picks a free port) with keys in the SQLite file {@code db}.
   */
  public static DevIssuer start(int port, Path db, String adminKey, List<URI> webhooks, Clock clock)
      throws IOException, SQLException {
    return start(port, db, adminKey, webhooks, null, clock);
  }

  /**
   * As {@link #start(int, Path, String, List, Clock)}, signing the events posted to {@code
   * webhooks} with the Standard Webhooks {@code webhookSecret} (null: unsigned).
   */
  public static DevIssuer start(
      int port, Path db, String adminKey, List<URI> webhooks, String webhookSecret, Clock clock)
      throws IOException, SQLException {
    if (adminKey == null || adminKey.isBlank()) {
      throw new IllegalArgumentException("the admin key is missing: set $" + ADMIN_KEY_ENV);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    DevIssuer issuer =
        new DevIssuer(
            new DevIssuerStore("jdbc:sqlite:" + db, clock),
            adminKey,
            new DevIssuerEvents(webhooks, webhookSecret, clock),
            server);
    server.createContext("/", issuer.handler());
    server.setExecutor(issuer.executor);
    server.start();
    return issuer;
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many keys this process revoked (a DELETE of an already revoked key does not count). */
  public int revocations() {
    return revocations.get();
  }

  /** How many DELETE requests for a key this process received, answered or not. */
  public int deleteRequests() {
    return deleteRequests.get();
  }

  /** How many validation requests this process answered. */
  public int validations() {
    return validations.get();
  }

  /** The request handler, for test servers that put faults in front of it. */
  public HttpHandler handler() {
    return this::handle;
  }

  private void handle(HttpExchange ex) {
    try {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      byte[] given = auth == null ? new byte[0] : auth.getBytes(StandardCharsets.UTF_8);
      byte[] wanted =
          ("Bearer " + new String(adminKey, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(given, wanted)) {
        send(ex, 401, error("unauthorized", "a valid admin bearer key is required"));
        return;
      }
      route(ex, ex.getRequestMethod(), ex.getRequestURI().getPath());
    } catch (HttpBodies.TooLarge e) {
      reply(ex, 413, error("payload_too_large", "request body larger than " + MAX_BODY + " bytes"));
    } catch (JsonProcessingException e) {
      reply(ex, 400, error("bad_request", "malformed JSON: " + e.getOriginalMessage()));
    } catch (BadRequest e) {
      reply(ex, 400, error("bad_request", e.getMessage()));
    } catch (SQLException | IOException | RuntimeException e) {
      reply(ex, 500, error("internal", "internal error"));
    } finally {
      // Closed after the reply, never before: an error answered on a closed exchange is lost.
      ex.close();
    }
  }

  /** Sends an error reply unless the response has already begun (then the client sees a cut). */
  private static void reply(HttpExchange ex, int status, JsonNode body) {
    if (ex.getResponseCode() != -1) {
      return;
    }
    try {
      if (status == 413) {
        ex.getResponseHeaders().set("Connection", "close");
      }
      send(ex, status, body);
    } catch (IOException ignored) {
      // the client went away
    }
  }

  /** A request the client must fix (400). */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }

  private void route(HttpExchange ex, String method, String path) throws IOException, SQLException {
    Matcher m;
    if (path.equals("/api_keys/validations") && method.equals("POST")) {
      validations.incrementAndGet();
      JsonNode value = body(ex).get("value");
      ObjectNode key = value == null || !value.isTextual() ? null : store.validate(value.asText());
      ObjectNode out = JSON.createObjectNode();
      out.set("api_key", key);
      send(ex, 200, out);
    } else if ((m = ONE_KEY.matcher(path)).matches() && method.equals("DELETE")) {
      deleteRequests.incrementAndGet();
      ObjectNode key = store.revoke(m.group(1));
      if (key == null) {
        send(ex, 404, error("not_found", "no live api key " + m.group(1)));
        return;
      }
      revocations.incrementAndGet();
      events.emit("api_key.revoked", key);
      ex.sendResponseHeaders(204, -1);
    } else if ((m = ORG_KEYS.matcher(path)).matches()) {
      keys(ex, method, new ApiKey.Owner("organization", m.group(1), m.group(1)));
    } else if ((m = USER_KEYS.matcher(path)).matches()) {
      keys(ex, method, new ApiKey.Owner("user", m.group(1), null));
    } else {
      send(ex, 404, error("not_found", method + " " + path));
    }
  }

  private void keys(HttpExchange ex, String method, ApiKey.Owner owner)
      throws IOException, SQLException {
    if (method.equals("GET")) {
      ObjectNode out = JSON.createObjectNode().put("object", "list");
      out.putArray("data").addAll(store.list(owner.type(), owner.id()));
      out.putObject("list_metadata");
      send(ex, 200, out);
      return;
    }
    if (!method.equals("POST")) {
      send(ex, 405, error("method_not_allowed", method));
      return;
    }
    JsonNode body = body(ex);
    String org = body.path("organization_id").asText(null);
    if (owner.type().equals("user")) {
      if (org == null || org.isBlank()) {
        send(ex, 422, error("invalid_request", "organization_id is required for user keys"));
        return;
      }
      owner = new ApiKey.Owner("user", owner.id(), org);
    }
    List<String> perms = new ArrayList<>();
    body.path("permissions").forEach(p -> perms.add(p.asText()));
    String value = KeyFormat.ISSUER.mint(KeyFormat.ISSUER.prefixes().get(0));
    ObjectNode key = store.create(value, owner, body.path("name").asText(null), perms);
    events.emit("api_key.created", key);
    ObjectNode out = key.deepCopy().put("value", value);
    send(ex, 201, out);
  }

  private static JsonNode body(HttpExchange ex) throws IOException {
    byte[] b = HttpBodies.read(ex, MAX_BODY);
    JsonNode n = b.length == 0 ? JSON.createObjectNode() : JSON.readTree(b);
    if (n == null || !n.isObject()) {
      throw new BadRequest(
          "request body must be a JSON object, not " + (n == null ? "nothing" : n.getNodeType()));
    }
    return n;
  }

  private static ObjectNode error(String code, String message) {
    return JSON.createObjectNode().put("code", code).put("message", message);
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() throws SQLException {
    server.stop(0);
    executor.shutdownNow();
    events.close();
    store.close();
  }
}
