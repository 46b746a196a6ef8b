package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.remediation.DevIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-show of {@code keyhound serve} with real processes killed by SIGKILL: a {@code scan
 * --remediate} killed while revoking leaves 60 keys half done, and {@code serve} alone (no cron, no
 * other command) confirms every one dead and tells every owner exactly once within 60 seconds; then
 * {@code serve} itself is killed mid-run and restarted, and the same holds.
 */
class ServeKillTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = System.getenv(DevIssuer.ADMIN_KEY_ENV);
  private static final String HOOK_SECRET_ENV = "KEYHOUND_E2E_WEBHOOK_SECRET";
  private static final Pattern LISTENING =
      Pattern.compile("keyhound serve: listening on ([0-9.]+):([0-9]+)");
  private static final int KEYS = 60;

  @TempDir Path dir;
  private DevIssuer issuer;
  private SignedWebhookReceiver receiver;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> values = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (receiver != null) {
      receiver.close();
    }
    if (issuer != null) {
      issuer.close();
    }
  }

  @Test
  void serve_finishesAKilledScanAndSurvivesItsOwnKill_everyKeyDeadEveryOwnerToldOnce()
      throws Exception {
    assertNotNull(ADMIN, "surefire sets $" + DevIssuer.ADMIN_KEY_ENV);
    issuer = DevIssuer.start(0, dir.resolve("issuer.db"), ADMIN, List.of(), Clock.systemUTC());
    receiver = new SignedWebhookReceiver(System.getenv(HOOK_SECRET_ENV));
    Path ledger = dir.resolve("ledger.db");
    Path first = repository("first", 0);
    Path second = repository("second", KEYS);

    // 1. scan --remediate, killed with SIGKILL while revoking (the rate cap keeps it slow enough).
    Process scan =
        start(
            first,
            dir.resolve("scan.log"),
            "scan",
            ".",
            "--remediate",
            "--ledger",
            ledger.toString(),
            "--verify-rps",
            "20");
    await(() -> issuer.revocations() >= 5 || !scan.isAlive(), Duration.ofSeconds(60), "revoking");
    assertTrue(scan.isAlive(), "the scan must still be revoking when it is killed");
    scan.destroyForcibly().waitFor();
    int revokedByScan = issuer.revocations();
    assertTrue(revokedByScan < KEYS, "killed mid-way: " + revokedByScan);

    // 2. serve alone finishes it.
    long started = System.nanoTime();
    Process serve = serve(first, ledger, "serve-1.log");
    await(() -> allDeadAndToldOnce(ledger, KEYS), Duration.ofSeconds(60), "60 keys dead, told");
    System.err.printf(
        "serve finished the killed scan's work in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);

    // 3. A second batch for serve alone; serve is killed mid-run and restarted.
    serve.destroyForcibly().waitFor();
    Process verify =
        start(
            second,
            dir.resolve("scan-2.log"),
            "scan",
            ".",
            "--verify",
            "--ledger",
            ledger.toString());
    assertEquals(1, verify.waitFor(), "findings");
    Process slowServe = serve(second, ledger, "serve-2.log", "--verify-rps", "20");
    await(
        () -> issuer.revocations() >= KEYS + 5 || !slowServe.isAlive(),
        Duration.ofSeconds(60),
        "serve revoking the second batch");
    slowServe.destroyForcibly().waitFor();
    assertTrue(issuer.revocations() < 2 * KEYS, "killed mid-way: " + issuer.revocations());
    long killed = System.nanoTime();
    Process restarted = serve(second, ledger, "serve-3.log");
    await(
        () -> allDeadAndToldOnce(ledger, 2 * KEYS),
        Duration.ofSeconds(60),
        "120 keys dead, told once");
    System.err.printf(
        "restarted serve finished in %d ms after the SIGKILL%n",
        (System.nanoTime() - killed) / 1_000_000);
    assertEquals(2 * KEYS, issuer.revocations(), "each key revoked once at the issuer");
    assertEquals(0, receiver.rejected());

    // SIGTERM: stops taking work, finishes what it holds, exits 0.
    restarted.destroy();
    assertTrue(restarted.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, restarted.exitValue(), Files.readString(dir.resolve("serve-3.log")));
    for (String log : List.of("scan.log", "serve-1.log", "serve-2.log", "serve-3.log")) {
      String text = Files.readString(dir.resolve(log));
      assertTrue(values.stream().noneMatch(text::contains), log + " holds a key value");
    }
  }

  /**
   * Every key confirmed dead, and per key exactly one {@code secret.leaked} and one {@code
   * secret.revoked}, each under one webhook-id (a redelivery reuses its id).
   */
  private boolean allDeadAndToldOnce(Path ledger, int keys) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM secrets WHERE state = 'confirmed_dead'")) {
      if (!rs.next() || rs.getInt(1) != keys) {
        return false;
      }
    } catch (java.sql.SQLException e) {
      return false;
    }
    List<JsonNode> events = receiver.accepted();
    List<String> ids = receiver.ids();
    Map<String, Set<String>> idsPerEvent = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      idsPerEvent
          .computeIfAbsent(
              e.path("type").asText() + " " + e.path("data").path("finding_id").asText(),
              k -> new HashSet<>())
          .add(ids.get(i));
    }
    long leaked = idsPerEvent.keySet().stream().filter(k -> k.startsWith("secret.leaked ")).count();
    long revoked =
        idsPerEvent.keySet().stream().filter(k -> k.startsWith("secret.revoked ")).count();
    boolean oneIdEach = idsPerEvent.values().stream().allMatch(v -> v.size() == 1);
    return leaked == keys && revoked == keys && oneIdEach;
  }

  private Process serve(Path cwd, Path ledger, String log, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("serve", "--ledger", ledger.toString(), "--port", "0"));
    args.addAll(List.of(extra));
    Path logFile = dir.resolve(log);
    Process p = start(cwd, logFile, args.toArray(String[]::new));
    await(
        () -> {
          try {
            return LISTENING.matcher(Files.readString(logFile)).find() || !p.isAlive();
          } catch (java.io.IOException e) {
            return false;
          }
        },
        Duration.ofSeconds(30),
        "serve listening");
    Matcher m = LISTENING.matcher(Files.readString(logFile));
    assertTrue(m.find(), Files.readString(logFile));
    assertEquals("127.0.0.1", m.group(1), "binds loopback by default");
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(2) + "/healthz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    return p;
  }

  /** keyhound in its own JVM (the test class path holds every module), output to {@code log}. */
  private Process start(Path cwd, Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.keyhound.cli.Main");
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("KEYHOUND_HOME", dir.resolve("home").toString());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** A repository with {@code KEYS} live user keys committed, and its settings. */
  private Path repository(String name, int offset) throws Exception {
    Path repo = dir.resolve(name);
    Files.createDirectories(repo);
    StringBuilder env = new StringBuilder();
    for (int i = 0; i < KEYS; i++) {
      JsonNode k = create("/user_management/users/user_" + (offset + i) + "/api_keys");
      values.add(k.get("value").asText());
      env.append("KEY_").append(i).append('=').append(k.get("value").asText()).append('\n');
    }
    Files.writeString(repo.resolve("keys.env"), env);
    Files.writeString(
        repo.resolve(".keyhound.toml"),
        """
        [issuer]
        base_url = "%s"
        api_key_env = "%s"

        [remediation]
        mode = "auto"
        revoke = ["user"]

        [[hooks]]
        name = "owners"
        url = "%s"
        secret_env = "%s"
        events = ["secret.leaked", "secret.revoked"]
        """
            .formatted(issuer.baseUrl(), DevIssuer.ADMIN_KEY_ENV, receiver.url(), HOOK_SECRET_ENV));
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Dev", "dev@acme.test");
      git.commit().setMessage("config").setAuthor(who).setCommitter(who).setSign(false).call();
    }
    return repo;
  }

  private JsonNode create(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(issuer.baseUrl().resolve(path))
                    .header("Authorization", "Bearer " + ADMIN)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"k\",\"permissions\":[],\"organization_id\":\"org_acme\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static void await(BooleanSupplier done, Duration limit, String what)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + limit + ": " + what);
      }
      Thread.sleep(100);
    }
  }
}
