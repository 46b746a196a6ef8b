package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.scanner.Finding;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same ledger SQL on PostgreSQL, for the shared ledger of scans spread over machines. Opt-in:
 * set {@code KEYHOUND_TEST_POSTGRES_URL} (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/ledger?user=keyhound}); each test works in a schema of its own.
 */
@EnabledIfEnvironmentVariable(named = "KEYHOUND_TEST_POSTGRES_URL", matches = "jdbc:postgresql:.+")
class LedgerPostgresTest {
  @TempDir Path dir;
  Loop loop;

  @BeforeEach
  void setUp() throws Exception {
    String url = System.getenv("KEYHOUND_TEST_POSTGRES_URL");
    String schema = "kh_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    loop = new Loop(dir);
    loop.ledgerUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  void tearDown() throws Exception {
    loop.close();
  }

  @Test
  void postgresLedger_runsTheLoopAndApproval() throws Exception {
    Finding user = loop.finding(loop.createKey("user", "user_ada").get("value").asText());
    Finding org = loop.finding(loop.createKey("organization", "org_acme").get("value").asText());
    Remediator r = loop.remediator(loop.ledger(), CrashPoint.NONE);
    var s = loop.scan(r, List.of(user, org));
    assertEquals(State.CONFIRMED_DEAD, s.get(user.id()).state());
    assertEquals(State.APPROVAL_REQUIRED, s.get(org.id()).state());
    assertEquals(State.CONFIRMED_DEAD, r.revokeOne(org.id(), true).state());
    int sent = loop.receiver.received().size();
    loop.remediator(loop.ledger(), CrashPoint.NONE).resume();
    assertEquals(sent, loop.receiver.received().size());
    assertEquals(2, loop.issuer.revocations());
  }

  @Test
  void postgresLedger_twoProcessesActOnEachKeyOnce() throws Exception {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      findings.add(loop.finding(loop.createKey("user", "user_" + i).get("value").asText()));
    }
    Ledger first = loop.ledger();
    loop.ledger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<?>> runs = new ArrayList<>();
    for (Ledger l : List.of(first, loop.ledgers.get(1))) {
      Remediator r = loop.remediator(l, CrashPoint.NONE);
      runs.add(pool.submit(() -> loop.scan(r, findings)));
    }
    for (Future<?> f : runs) {
      f.get();
    }
    pool.shutdown();
    assertEquals(4, loop.issuer.revocations());
    assertEquals(4, loop.receiver.ofType(LifecycleEvents.REVOKED).size());
  }

  @Test
  void postgresLedger_takesGithubAlertsAndIssuerEvents() throws Exception {
    Ledger ledger = loop.ledger();
    com.fasterxml.jackson.databind.JsonNode created = loop.createKey("organization", "org_acme");
    Finding org = loop.finding(created.get("value").asText());
    Remediator r = loop.remediator(ledger, CrashPoint.NONE);
    assertEquals(State.APPROVAL_REQUIRED, loop.scan(r, List.of(org)).get(org.id()).state());
    Finding reported =
        new Finding(
            "f-github",
            org.ruleId(),
            "reported",
            "some-token",
            null,
            0,
            List.of(
                new dev.keyhound.scanner.Occurrence(
                    "o-github",
                    new dev.keyhound.scanner.Provenance.File("https://github.com/a/b"),
                    "github",
                    1,
                    1)));
    ledger.recordReported(reported, "h", true, "https://github.com/a/b", "content");
    ledger.recordGithubAlert("h", "t", "https://github.com/a/b", "content", "f-github", "queued");
    assertEquals("content", ledger.occurrences("f-github").get(0).source());

    String secret = "whsec_c2VydmUtdGVzdC1pc3N1ZXItZXZlbnRzLXNlY3JldA==";
    String body =
        "{\"id\":\"event_1\",\"event\":\"api_key.revoked\",\"data\":{\"id\":\""
            + created.get("id").asText()
            + "\"}}";
    long now = java.time.Clock.systemUTC().instant().getEpochSecond();
    IssuerEvents events = new IssuerEvents(ledger, secret, java.time.Clock.systemUTC());
    String sig = new WebhookSigner(secret).sign("msg_1", now, body);
    byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(
        new IssuerEvents.Applied("api_key.revoked", 1),
        events.receive("msg_1", Long.toString(now), sig, b));
    assertEquals(
        new IssuerEvents.Applied("api_key.revoked", 0),
        events.receive("msg_1", Long.toString(now), sig, b));
    assertEquals(State.CONFIRMED_DEAD, ledger.entry(org.id()).orElseThrow().state());
    assertEquals(true, ledger.ready());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new ServeMetrics(ledger).write(out);
    assertEquals(
        true,
        out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("keyhound_keys{state="));
  }
}
