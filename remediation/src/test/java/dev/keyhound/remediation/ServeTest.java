package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyhound serve} in-process against dev-issuer and a webhook receiver on loopback. */
class ServeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ISSUER_EVENTS_SECRET = "whsec_c2VydmUtdGVzdC1pc3N1ZXItZXZlbnRzLXNlY3JldA==";
  static final String LEAK_URL = "https://github.com/acme/app/blob/4f2e/config/.env";

  @TempDir Path dir;
  private Loop loop;
  private Serve serve;
  private Remediator remediator;
  private KeyPair github;

  @AfterEach
  void tearDown() throws Exception {
    if (serve != null) {
      serve.close();
    }
    if (remediator != null) {
      remediator.close();
    }
    if (loop != null) {
      loop.close();
    }
  }

  /** Starts serve on a free port; the issuer posts its events there. */
  private void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    loop =
        new Loop(
            dir,
            List.of(URI.create("http://127.0.0.1:" + port + "/issuer/events")),
            ISSUER_EVENTS_SECRET);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    github = g.generateKeyPair();
    Path keys = dir.resolve("github-keys.json");
    Files.writeString(
        keys,
        "{\"public_keys\":[{\"key_identifier\":\"kid-current\",\"key\":\"-----BEGIN PUBLIC KEY-----\\n"
            + Base64.getEncoder().encodeToString(github.getPublic().getEncoded())
            + "\\n-----END PUBLIC KEY-----\",\"is_current\":true}]}");
    Ledger ledger = loop.ledger();
    remediator = loop.remediator(ledger, CrashPoint.NONE);
    serve =
        Serve.start(
            new Serve.Setup(
                new InetSocketAddress("127.0.0.1", port),
                ledger,
                remediator,
                new GithubAlerts(
                    GithubKeys.load(keys.toString(), Clock.systemUTC()),
                    ledger,
                    loop.fingerprinter),
                new IssuerEvents(ledger, ISSUER_EVENTS_SECRET, Clock.systemUTC()),
                new ServeMetrics(ledger),
                4,
                Duration.ofMillis(200),
                m -> {}));
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + serve.address().getPort() + path);
  }

  private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return Http.CLIENT.send(
        HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private String sign(byte[] body) throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(github.getPrivate());
    s.update(body);
    return Base64.getEncoder().encodeToString(s.sign());
  }

  private byte[] alertBody(String token) {
    ArrayNode a = JSON.createArrayNode();
    a.addObject()
        .put("token", token)
        .put("type", "keyhound_api_key")
        .put("url", LEAK_URL)
        .put("source", "content");
    a.addObject()
        .put("token", "not-an-issuer-token-" + "x".repeat(20))
        .put("type", "other_partner")
        .put("url", "https://github.com/acme/app/blob/4f2e/README.md")
        .put("source", "content");
    return a.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void await(BooleanSupplier done, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(50);
    }
  }

  private Map<List<String>, Long> rows(String sql) throws Exception {
    return loop.ledgers.get(0).counts(sql);
  }

  private String stateOf(String secret) {
    try {
      String id = loop.fingerprinter.findingId(dev.keyhound.rules.RuleSet.ISSUER_RULE_ID, secret);
      return loop.ledgers.get(0).entry(id).map(LedgerEntry::state).orElse("absent");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void githubAlert_liveIssuerKeyIsRevokedConfirmedDeadAndEventsCarryGithubsUrl() throws Exception {
    start();
    String key = loop.createKey("user", "user_ada").get("value").asText();
    byte[] body = alertBody(key);
    HttpResponse<String> r =
        post(
            "/github/secret-scanning",
            body,
            Map.of(
                GithubSignature.KEY_ID_HEADER,
                "kid-current",
                GithubSignature.SIGNATURE_HEADER,
                sign(body)));
    assertEquals(200, r.statusCode(), r.body());
    await(() -> stateOf(key).equals(State.CONFIRMED_DEAD), "key confirmed dead");
    await(() -> loop.receiver.ofType(LifecycleEvents.REVOKED).size() == 1, "secret.revoked");
    assertEquals(1, loop.issuer.revocations());
    for (String type : List.of(LifecycleEvents.LEAKED, LifecycleEvents.REVOKED)) {
      List<WebhookReceiver.Received> got = loop.receiver.ofType(type);
      assertEquals(1, got.size(), type);
      JsonNode occurrence = got.get(0).body().path("data").path("occurrences").get(0);
      assertEquals(LEAK_URL, occurrence.path("url").asText(), type);
      assertEquals("content", occurrence.path("source").asText(), type);
    }
    assertEquals(
        Map.of(List.of("queued"), 1L, List.of("ignored"), 1L),
        rows("SELECT outcome, COUNT(*) FROM github_alerts GROUP BY outcome"));
  }

  @Test
  void githubAlert_withBrokenSignatureUnknownKeyOrNoHeadersGets401AndLeavesTheLedgerUnchanged()
      throws Exception {
    start();
    String key = loop.createKey("user", "user_bob").get("value").asText();
    byte[] body = alertBody(key);
    String good = sign(body);
    byte[] sig = Base64.getDecoder().decode(good);
    sig[sig.length - 1] ^= 1;
    String broken = Base64.getEncoder().encodeToString(sig);
    // The issuer's own api_key.created event arrives on its own time: let it land first.
    await(
        () -> {
          try {
            return rows("SELECT 'n', COUNT(*) FROM issuer_events").equals(Map.of(List.of("n"), 1L));
          } catch (Exception e) {
            return false;
          }
        },
        "the issuer's api_key.created event");
    String before = snapshot();
    List<Map<String, String>> bad =
        List.of(
            Map.of(
                GithubSignature.KEY_ID_HEADER,
                "kid-current",
                GithubSignature.SIGNATURE_HEADER,
                broken),
            Map.of(
                GithubSignature.KEY_ID_HEADER,
                "kid-unknown",
                GithubSignature.SIGNATURE_HEADER,
                good),
            Map.of());
    for (Map<String, String> headers : bad) {
      assertEquals(401, post("/github/secret-scanning", body, headers).statusCode(), "" + headers);
    }
    byte[] changed = body.clone();
    changed[5] ^= 1;
    assertEquals(
        401,
        post(
                "/github/secret-scanning",
                changed,
                Map.of(
                    GithubSignature.KEY_ID_HEADER,
                    "kid-current",
                    GithubSignature.SIGNATURE_HEADER,
                    good))
            .statusCode());
    assertEquals(before, snapshot());
    assertEquals(0, loop.issuer.validations());
  }

  /** Every ledger table's row count. */
  private String snapshot() throws Exception {
    StringBuilder b = new StringBuilder();
    for (String t :
        List.of(
            "secrets",
            "occurrences",
            "verifications",
            "actions",
            "github_alerts",
            "issuer_events")) {
      b.append(t).append('=').append(rows("SELECT 'n', COUNT(*) FROM " + t)).append(' ');
    }
    return b.toString();
  }

  @Test
  void issuerEvent_keyRevokedAtTheIssuerWhileAwaitingApprovalIsConfirmedDeadWithoutOurDelete()
      throws Exception {
    start();
    JsonNode created = loop.createKey("organization", "org_acme");
    String key = created.get("value").asText();
    loop.scan(remediator, List.of(loop.finding(key)));
    assertEquals(State.APPROVAL_REQUIRED, stateOf(key));
    HttpResponse<String> deleted =
        Http.send(
            "DELETE",
            loop.issuer.baseUrl().resolve("/api_keys/" + created.get("id").asText()),
            Loop.ADMIN,
            null);
    assertEquals(204, deleted.statusCode());
    await(() -> stateOf(key).equals(State.CONFIRMED_DEAD), "confirmed dead by the issuer's event");
    await(() -> loop.receiver.ofType(LifecycleEvents.REVOKED).size() == 1, "secret.revoked");
    Thread.sleep(500); // a few worker passes: none may send a DELETE
    assertEquals(1, loop.issuer.deleteRequests(), "only the direct DELETE reached the issuer");
    assertTrue(
        rows("SELECT state, COUNT(*) FROM actions WHERE kind = 'revoke' GROUP BY state")
            .keySet()
            .stream()
            .noneMatch(k -> Set.of("pending", "attempting", "done").contains(k.get(0))));
  }

  @Test
  void issuerEvent_replayedStaleOrUnsignedIsRefused() throws Exception {
    start();
    WebhookSigner signer = new WebhookSigner(ISSUER_EVENTS_SECRET);
    String body =
        "{\"id\":\"event_1\",\"event\":\"api_key.created\",\"data\":{\"id\":\"api_key_1\"}}";
    long now = Clock.systemUTC().instant().getEpochSecond();
    long stale = now - IssuerEvents.TOLERANCE.toSeconds() - 5;
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    assertEquals(
        401,
        post(
                "/issuer/events",
                b,
                Map.of(
                    "webhook-id",
                    "msg_1",
                    "webhook-timestamp",
                    Long.toString(stale),
                    "webhook-signature",
                    signer.sign("msg_1", stale, body)))
            .statusCode());
    assertEquals(401, post("/issuer/events", b, Map.of()).statusCode());
    Map<String, String> good =
        Map.of(
            "webhook-id",
            "msg_1",
            "webhook-timestamp",
            Long.toString(now),
            "webhook-signature",
            signer.sign("msg_1", now, body));
    assertEquals(204, post("/issuer/events", b, good).statusCode());
    assertEquals(204, post("/issuer/events", b, good).statusCode());
    assertEquals(Map.of(List.of("n"), 1L), rows("SELECT 'n', COUNT(*) FROM issuer_events"));
  }

  @Test
  void metrics_moveWithAnAlertAndReadyzFollowsTheLedger() throws Exception {
    start();
    String before = get("/metrics").body();
    assertTrue(!before.contains("keyhound_keys{state=\"confirmed_dead\"}"), before);
    String key = loop.createKey("user", "user_cy").get("value").asText();
    byte[] body = alertBody(key);
    post(
        "/github/secret-scanning",
        body,
        Map.of(
            GithubSignature.KEY_ID_HEADER,
            "kid-current",
            GithubSignature.SIGNATURE_HEADER,
            sign(body)));
    post("/github/secret-scanning", body, Map.of());
    await(() -> stateOf(key).equals(State.CONFIRMED_DEAD), "key confirmed dead");
    Thread.sleep(500); // the worker observes timings after its pass
    String after = get("/metrics").body();
    assertTrue(after.contains("keyhound_keys{state=\"confirmed_dead\"} 1"), after);
    assertTrue(after.contains("keyhound_github_alert_tokens_total{outcome=\"queued\"} 1"), after);
    assertTrue(
        after.contains("keyhound_github_alerts_rejected_total{reason=\"missing_signature\"} 1"),
        after);
    assertTrue(after.contains("keyhound_detection_to_revocation_seconds_count 1"), after);
    assertTrue(
        after.contains("keyhound_verifications_total{outcome=\"active\",purpose=\"verify\"} 1"),
        after);

    assertEquals(200, get("/readyz").statusCode());
    Path ledger = dir.resolve("ledger.db");
    Path away = dir.resolve("ledger.db.away");
    Files.move(ledger, away);
    assertEquals(503, get("/readyz").statusCode());
    assertEquals(200, get("/healthz").statusCode());
    Files.move(away, ledger);
    assertEquals(200, get("/readyz").statusCode());
  }

  @Test
  void requests_overTheBodyCapGet413AndWrongMethods405() throws Exception {
    start();
    byte[] big = new byte[Serve.MAX_BODY + 1];
    assertEquals(413, post("/github/secret-scanning", big, Map.of()).statusCode());
    assertEquals(405, get("/github/secret-scanning").statusCode());
    assertEquals(404, get("/nothing").statusCode());
  }
}
