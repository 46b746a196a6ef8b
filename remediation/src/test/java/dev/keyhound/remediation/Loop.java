package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole loop on loopback for tests: dev-issuer, a webhook receiver, a ledger file and
 * remediators over them.
 */
final class Loop implements AutoCloseable {
  static final String ADMIN = "admin-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  final Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-11-26T10:00:00Z"));
  final DevIssuer issuer;
  final WebhookReceiver receiver;
  final Fingerprinter fingerprinter = new Fingerprinter(new byte[32]);
  final SecretVault vault = new SecretVault(new byte[32]);
  final List<Duration> sleeps = new ArrayList<>();
  final List<Ledger> ledgers = new ArrayList<>();
  Policy policy =
      new Policy(Policy.Mode.AUTO, Set.of("user", "organization"), Set.of("organization"));
  URI issuerUrl;
  String ledgerUrl;
  String hookName = "security";
  Duration timeout = Duration.ofSeconds(5);
  int maxAttempts = 3;

  Loop(Path dir) throws Exception {
    this(dir, List.of(), null);
  }

  /** A loop whose issuer posts its own events to {@code webhooks}, signed with {@code secret}. */
  Loop(Path dir, List<URI> webhooks, String secret) throws Exception {
    this.dir = dir;
    this.issuer =
        DevIssuer.start(0, dir.resolve("issuer.db"), ADMIN, webhooks, secret, Clock.systemUTC());
    this.receiver = new WebhookReceiver();
    this.issuerUrl = issuer.baseUrl();
  }

  JsonNode createKey(String ownerType, String ownerId) throws Exception {
    String path =
        ownerType.equals("user")
            ? "/user_management/users/" + ownerId + "/api_keys"
            : "/organizations/" + ownerId + "/api_keys";
    return JSON.readTree(
        Http.send(
                "POST",
                issuer.baseUrl().resolve(path),
                ADMIN,
                "{\"name\":\"k\",\"permissions\":[\"read\"],\"organization_id\":\"org_acme\"}")
            .body());
  }

  Finding finding(String secret) {
    // Authored by one person and committed by another (a rebase or applied patch), so events must
    // name both.
    return finding(fingerprinter, secret, "Max Merge", "merge@acme.test");
  }

  /** An issuer-key finding at config/.env:3:5, committed by the given person (null: unknown). */
  static Finding finding(
      Fingerprinter fingerprinter, String secret, String committerName, String committerEmail) {
    String id = fingerprinter.findingId(RuleSet.ISSUER_RULE_ID, secret);
    Provenance p =
        new Provenance.Git(
            "acme/app",
            "config/.env",
            "c0ffee",
            "Dev",
            "dev@acme.test",
            Instant.parse("2026-11-20T09:00:00Z"),
            List.of("refs/heads/main"),
            committerName,
            committerEmail);
    return new Finding(
        id,
        RuleSet.ISSUER_RULE_ID,
        "Issuer API key",
        secret,
        true,
        4.5,
        List.of(
            new Occurrence(fingerprinter.occurrenceId(id, "blob", 0, 1, "x"), p, "blob", 3, 5)));
  }

  Ledger ledger() throws Exception {
    Ledger l =
        Ledger.open(
            ledgerUrl != null ? ledgerUrl : dir.resolve("ledger.db").toString(), vault, clock);
    ledgers.add(l);
    return l;
  }

  Remediator remediator(Ledger ledger, CrashPoint crash) {
    IssuerConfig cfg = new IssuerConfig(issuerUrl, null, timeout, maxAttempts);
    Sleeper sleeper =
        d -> {
          synchronized (sleeps) {
            sleeps.add(d);
          }
        };
    IssuerVerifier v =
        new IssuerVerifier(
            new IssuerClient(cfg, ADMIN, RateLimiter.unlimited()),
            new Backoff(
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                java.util.random.RandomGenerator.getDefault()),
            sleeper);
    HookConfig hook = new HookConfig(hookName, receiver.url(), "HOOK_SECRET", List.of(), Set.of());
    HookSender sender =
        new HookSender(
            name -> name.equals("HOOK_SECRET") ? WebhookReceiver.SECRET : null,
            clock,
            Duration.ofSeconds(5));
    return new Remediator(
        new Remediator.Setup(ledger, v, policy, List.of(hook), sender, crash, sleeper, m -> {}, 4));
  }

  Map<String, FindingStatus> scan(Remediator r, List<Finding> findings) throws Exception {
    return r.afterScan(findings, fingerprinter::secretHash, true);
  }

  @Override
  public void close() throws java.sql.SQLException {
    for (Ledger l : ledgers) {
      l.close();
    }
    receiver.close();
    issuer.close();
  }
}
