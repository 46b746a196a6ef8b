package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.rules.KeyFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIssuerTest {
  static final String ADMIN = "admin-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  DevIssuer issuer;

  @BeforeEach
  void start() throws Exception {
    issuer = DevIssuer.start(0, dir.resolve("issuer.db"), ADMIN, List.of(), Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    issuer.close();
  }

  private JsonNode post(String path, String body) throws Exception {
    var r = Http.send("POST", issuer.baseUrl().resolve(path), ADMIN, body);
    return JSON.readTree(r.body());
  }

  @Test
  void createUserKey_mintsIssuerFormatValueAndWorkOsStyleId() throws Exception {
    JsonNode k =
        post(
            "/user_management/users/user_01/api_keys",
            "{\"name\":\"ci\",\"permissions\":[\"posts:read\"],\"organization_id\":\"org_01\"}");
    assertEquals(KeyFormat.Validity.VALID, KeyFormat.ISSUER.check(k.get("value").asText()));
    assertTrue(
        k.get("id").asText().matches("api_key_[0-9A-HJKMNP-TV-Z]{26}"), k.get("id").asText());
    assertEquals("user", k.at("/owner/type").asText());
    assertEquals("org_01", k.at("/owner/organization_id").asText());
    assertEquals("posts:read", k.at("/permissions/0").asText());
  }

  @Test
  void validate_answersKeyWhileLiveAndNullAfterRevoke() throws Exception {
    JsonNode k =
        post("/organizations/org_01/api_keys", "{\"name\":\"pipeline\",\"permissions\":[]}");
    String value = k.get("value").asText();
    String body = JSON.createObjectNode().put("value", value).toString();
    assertEquals(
        k.get("id").asText(), post("/api_keys/validations", body).at("/api_key/id").asText());
    assertEquals(
        204,
        Http.send(
                "DELETE",
                issuer.baseUrl().resolve("/api_keys/" + k.get("id").asText()),
                ADMIN,
                null)
            .statusCode());
    assertTrue(post("/api_keys/validations", body).get("api_key").isNull());
    assertEquals(
        404,
        Http.send(
                "DELETE",
                issuer.baseUrl().resolve("/api_keys/" + k.get("id").asText()),
                ADMIN,
                null)
            .statusCode());
    assertEquals(1, issuer.revocations());
  }

  @Test
  void requests_withoutAdminKeyAreRefused() throws Exception {
    assertEquals(
        401,
        Http.send("GET", issuer.baseUrl().resolve("/organizations/org_01/api_keys"), "wrong", null)
            .statusCode());
  }

  @Test
  void list_showsLiveKeysOfTheOwnerOnly() throws Exception {
    post("/organizations/org_01/api_keys", "{\"name\":\"a\"}");
    post("/organizations/org_02/api_keys", "{\"name\":\"b\"}");
    JsonNode list =
        JSON.readTree(
            Http.send(
                    "GET", issuer.baseUrl().resolve("/organizations/org_01/api_keys"), ADMIN, null)
                .body());
    assertEquals(1, list.get("data").size());
    assertFalse(list.get("data").get(0).has("value"));
  }

  @Test
  void events_createdAndRevokedArePostedToWebhooks() throws Exception {
    java.util.concurrent.BlockingQueue<JsonNode> got =
        new java.util.concurrent.LinkedBlockingQueue<>();
    com.sun.net.httpserver.HttpServer hook =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 4);
    hook.createContext(
        "/",
        ex -> {
          got.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    try (DevIssuer withHooks =
        DevIssuer.start(
            0,
            dir.resolve("hooked.db"),
            ADMIN,
            List.of(java.net.URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/")),
            Clock.systemUTC())) {
      JsonNode k =
          JSON.readTree(
              Http.send(
                      "POST",
                      withHooks.baseUrl().resolve("/organizations/org_01/api_keys"),
                      ADMIN,
                      "{\"name\":\"a\"}")
                  .body());
      Http.send(
          "DELETE", withHooks.baseUrl().resolve("/api_keys/" + k.get("id").asText()), ADMIN, null);
      JsonNode created = got.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      JsonNode revoked = got.poll(10, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals("api_key.created", created.get("event").asText());
      assertEquals("api_key.revoked", revoked.get("event").asText());
      assertEquals(k.get("id").asText(), revoked.at("/data/id").asText());
      assertTrue(created.get("id").asText().startsWith("event_"));
      assertFalse(created.get("data").has("value"), "an event must not carry the key's value");
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void store_keepsOnlyHashesOfValues() throws Exception {
    String value = post("/organizations/org_01/api_keys", "{\"name\":\"a\"}").get("value").asText();
    issuer.close();
    for (Path p : Files.list(dir).toList()) {
      assertFalse(
          new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(value),
          p.toString());
    }
    issuer = DevIssuer.start(0, dir.resolve("issuer.db"), ADMIN, List.of(), Clock.systemUTC());
  }

  @Test
  void malformedJson_isAnswered400WithAJsonError() throws Exception {
    var r =
        Http.send("POST", issuer.baseUrl().resolve("/api_keys/validations"), ADMIN, "{\"value\": ");
    assertEquals(400, r.statusCode());
    assertEquals("bad_request", JSON.readTree(r.body()).get("code").asText());
  }

  @Test
  void jsonArrayWhereAnObjectBelongs_isAnswered400NamingTheShape() throws Exception {
    var r =
        Http.send(
            "POST",
            issuer.baseUrl().resolve("/organizations/org_1/api_keys"),
            ADMIN,
            "[{\"name\":\"x\"}]");
    assertEquals(400, r.statusCode());
    assertEquals(
        "request body must be a JSON object, not ARRAY",
        JSON.readTree(r.body()).get("message").asText());
  }

  @Test
  void fiftyMegabyteBody_isAnswered413() throws Exception {
    byte[] big = new byte[50 << 20];
    java.util.Arrays.fill(big, (byte) ' ');
    var r =
        Http.CLIENT.send(
            java.net.http.HttpRequest.newBuilder(issuer.baseUrl().resolve("/api_keys/validations"))
                .header("Authorization", "Bearer " + ADMIN)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(big))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(413, r.statusCode());
    assertEquals("payload_too_large", JSON.readTree(r.body()).get("code").asText());
  }

  @Test
  void storeFailure_isAnswered500WithAJsonErrorNotADroppedConnection() throws Exception {
    // Another process breaks the issuer's database under it: every lookup now fails inside.
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("issuer.db"));
        var s = db.createStatement()) {
      s.execute("DROP TABLE api_keys");
    }
    var r =
        Http.send(
            "POST",
            issuer.baseUrl().resolve("/api_keys/validations"),
            ADMIN,
            "{\"value\":\"" + KeyFormat.ISSUER.mint("sk_live_") + "\"}");
    assertEquals(500, r.statusCode());
    JsonNode error = JSON.readTree(r.body());
    assertEquals("internal", error.get("code").asText());
    assertFalse(r.body().contains("api_keys"), "no internals in the answer: " + r.body());
  }
}
