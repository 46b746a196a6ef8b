package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.remediation.DevIssuer;
import dev.keyhound.remediation.FleetInventory;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.LedgerEntry;
import dev.keyhound.remediation.SecretVault;
import dev.keyhound.scanner.testing.TestRepo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet as a Job runs it: 40 generated repositories of very different sizes, some holding keys
 * minted by dev-issuer, four {@code fleet work} processes at once, one SIGKILLed while it scans the
 * biggest repository; then a second night with new commits in five repositories. On the PostgreSQL
 * ledger when {@code KEYHOUND_TEST_POSTGRES_URL} is set ({@code .ci/run}), else an SQLite file.
 */
class FleetMustShowTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = System.getenv(DevIssuer.ADMIN_KEY_ENV);
  private static final String HOOK_SECRET_ENV = "KEYHOUND_E2E_WEBHOOK_SECRET";
  private static final int REPOS = 40;
  @TempDir Path dir;
  DevIssuer issuer;
  SignedWebhookReceiver receiver;
  String ledger;
  Path config;
  final List<Path> repos = new ArrayList<>();
  final Map<String, String> plantedKeyIds = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    assertNotNull(ADMIN, "surefire sets $" + DevIssuer.ADMIN_KEY_ENV);
    issuer = DevIssuer.start(0, dir.resolve("issuer.db"), ADMIN, List.of(), Clock.systemUTC());
    receiver = new SignedWebhookReceiver(System.getenv(HOOK_SECRET_ENV));
    String pg = System.getenv("KEYHOUND_TEST_POSTGRES_URL");
    ledger =
        pg != null && pg.startsWith("jdbc:postgresql:")
            ? freshSchema(pg)
            : dir.resolve("fleet-ledger.db").toString();
    config = dir.resolve("fleet.toml");
    Files.writeString(
        config,
        """
        [issuer]
        base_url = "%s"
        api_key_env = "%s"
        timeout_ms = 5000

        [remediation]
        mode = "auto"
        revoke = ["user"]

        [[hooks]]
        name = "security"
        url = "%s"
        secret_env = "%s"
        events = ["secret.leaked", "secret.revoked", "secret.revocation_failed"]
        """
            .formatted(issuer.baseUrl(), DevIssuer.ADMIN_KEY_ENV, receiver.url(), HOOK_SECRET_ENV));
    for (int i = 0; i < REPOS; i++) {
      // repo-00 has far more history than the rest; every fifth holds a live key.
      Path p = dir.resolve(String.format("repos/repo-%02d", i));
      try (TestRepo r = TestRepo.init(p)) {
        int commits = i == 0 ? 150 : 1 + i % 3;
        for (int c = 0; c < commits; c++) {
          r.write("src/file" + (c % 50) + ".txt", "line " + c + " of " + p.getFileName() + "\n")
              .commit("change " + c);
        }
        if (i % 5 == 0) {
          JsonNode key = createKey("user_" + i);
          plantedKeyIds.put(key.get("id").asText(), p.toString());
          r.write("config/app.env", "API_KEY=" + key.get("value").asText() + "\n").commit("config");
        }
      }
      repos.add(p);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    receiver.close();
    issuer.close();
  }

  private static String freshSchema(String url) throws Exception {
    String schema = "kh_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private JsonNode createKey(String user) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            issuer.baseUrl() + "/user_management/users/" + user + "/api_keys"))
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"ci\",\"permissions\":[\"read\"],"
                                + "\"organization_id\":\"org_acme\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /**
   * A worker process, as one pod of the Job runs it. The lease is short so the killed worker's
   * repository is taken over quickly, yet four heartbeats long so a worker starved of CPU on a
   * loaded machine does not lose its claim.
   */
  private Process worker(int n, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "fleet",
                "work",
                "--ledger",
                ledger,
                "--config",
                config.toString(),
                "--remediate",
                "--threads",
                "1",
                "--lease",
                "6s"));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectOutput(dir.resolve("worker-" + n + ".out").toFile());
    pb.redirectError(dir.resolve("worker-" + n + ".err").toFile());
    return pb.start();
  }

  private String stderr(int n) throws Exception {
    return Files.readString(dir.resolve("worker-" + n + ".err"));
  }

  private Ledger openLedger() throws Exception {
    return Ledger.open(ledger, new SecretVault(new byte[32]), Clock.systemUTC());
  }

  private String leaseOwnerOf(String url) throws Exception {
    try (Ledger l = openLedger()) {
      for (FleetInventory.Repo r : new FleetInventory(l).list()) {
        if (r.url().equals(url)) {
          return r.leaseOwner();
        }
      }
    }
    return null;
  }

  @Test
  void fourWorkers_oneKilled_scanEveryRepositoryOnceAndActOnEachKeyOnce() throws Exception {
    List<String> add = new ArrayList<>(List.of("fleet", "add", "--ledger", ledger));
    repos.forEach(p -> add.add(p.toString()));
    CliRun added = CliRun.of(add.toArray(String[]::new));
    assertEquals(0, added.exit(), added.err());

    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      workers.add(worker(w));
    }
    // Kill whichever worker takes the biggest repository, while it holds the claim.
    String big = repos.get(0).toString();
    String owner = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (owner == null && System.nanoTime() < until) {
      owner = leaseOwnerOf(big);
      Thread.sleep(owner == null ? 20 : 0);
    }
    assertNotNull(owner, "nobody claimed " + big);
    long pid = Long.parseLong(owner.split("/")[1]);
    int killed = -1;
    for (int w = 0; w < 4; w++) {
      if (workers.get(w).pid() == pid) {
        workers.get(w).destroyForcibly(); // SIGKILL: no shutdown hook, the claim stays behind
        killed = w;
      }
    }
    assertTrue(killed >= 0, "the owner " + owner + " is not one of the workers");
    for (int w = 0; w < 4; w++) {
      Process p = workers.get(w);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "worker " + w + " did not finish");
      if (w != killed) {
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, w + ": " + stderr(w));
      }
    }

    try (Ledger l = openLedger()) {
      FleetInventory inventory = new FleetInventory(l);
      List<FleetInventory.Scan> scans = inventory.scans();
      assertEquals(REPOS, scans.size(), "a repository was scanned twice or not at all");
      assertEquals(REPOS, scans.stream().map(FleetInventory.Scan::url).distinct().count());
      assertTrue(scans.stream().allMatch(s -> s.outcome().equals("ok")), scans.toString());
      assertTrue(
          scans.stream().noneMatch(s -> s.worker().contains("/" + pid + "/")),
          "the killed worker finished a scan");
      assertTrue(
          scans.stream().anyMatch(s -> s.url().equals(big)), "the killed worker's repo is lost");

      Map<String, Integer> byKeyId = new HashMap<>();
      for (LedgerEntry e : l.all()) {
        if (e.keyId() != null) {
          byKeyId.merge(e.keyId(), 1, Integer::sum);
          assertEquals("confirmed_dead", e.state(), e.toString());
        }
      }
      assertEquals(plantedKeyIds.keySet(), byKeyId.keySet());
      assertTrue(byKeyId.values().stream().allMatch(n -> n == 1), byKeyId.toString());
    }
    assertEquals(plantedKeyIds.size(), issuer.revocations());
    for (String type : List.of("secret.leaked", "secret.revoked")) {
      List<String> keys = new ArrayList<>();
      receiver.ofType(type).forEach(e -> keys.add(e.at("/data/key/id").asText()));
      assertEquals(plantedKeyIds.keySet(), new HashSet<>(keys), type);
      assertEquals(plantedKeyIds.size(), keys.size(), type + " sent twice for a key");
    }
    assertEquals(0, receiver.rejected());

    // Second night: new commits in five repositories; only those commits are scanned.
    Set<String> changed = new HashSet<>();
    for (int i = 3; i < 40; i += 8) {
      FleetCommandTest.commitMore(repos.get(i));
      changed.add(repos.get(i).toString());
    }
    List<Process> night2 =
        List.of(worker(10, "--rescan-after", "0s"), worker(11, "--rescan-after", "0s"));
    for (Process p : night2) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertTrue(p.exitValue() == 0 || p.exitValue() == 1, stderr(10) + stderr(11));
    }
    try (Ledger l = openLedger()) {
      List<FleetInventory.Scan> second = inventory(l).subList(REPOS, inventory(l).size());
      assertTrue(second.size() >= REPOS, "second night skipped repositories: " + second.size());
      assertEquals(5, second.stream().mapToLong(FleetInventory.Scan::commits).sum());
      for (FleetInventory.Scan s : second) {
        assertEquals(changed.contains(s.url()) ? 1 : 0, s.commits() > 0 ? 1 : 0, s.toString());
      }
    }
    assertEquals(plantedKeyIds.size(), issuer.revocations(), "the second night revoked again");

    // One view of the fleet: the report from the ledger lists every planted key.
    CliRun report = CliRun.of("report", "--ledger", ledger, "--format", "json");
    assertEquals(0, report.exit(), report.err());
    JsonNode json = JSON.readTree(report.out());
    assertEquals("keyhound/v1", json.get("schema").asText());
    Set<String> reported = new HashSet<>();
    for (JsonNode f : json.get("findings")) {
      reported.add(f.at("/verification/key_id").asText());
    }
    assertTrue(reported.containsAll(plantedKeyIds.keySet()), reported.toString());
    assertEquals(REPOS, json.at("/scan/targets").size());
  }

  private static List<FleetInventory.Scan> inventory(Ledger l) throws Exception {
    return new FleetInventory(l).scans();
  }
}
