package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.remediation.DevIssuer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README walk-through in-process: dev-issuer, a user and an org key committed to a repository,
 * {@code scan --remediate} under a policy that revokes user keys and holds org keys, {@code revoke
 * --approve}, a rerun.
 */
class RemediationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = System.getenv(DevIssuer.ADMIN_KEY_ENV);
  private static final String HOOK_SECRET_ENV = "KEYHOUND_E2E_WEBHOOK_SECRET";
  @TempDir Path dir;
  DevIssuer issuer;
  SignedWebhookReceiver receiver;
  Path repo;
  Path ledger;
  JsonNode userKey;
  JsonNode orgKey;

  @BeforeEach
  void setUp() throws Exception {
    assertNotNull(ADMIN, "surefire sets $" + DevIssuer.ADMIN_KEY_ENV);
    issuer = DevIssuer.start(0, dir.resolve("issuer.db"), ADMIN, List.of(), Clock.systemUTC());
    receiver = new SignedWebhookReceiver(System.getenv(HOOK_SECRET_ENV));
    userKey = create("/user_management/users/user_ada/api_keys");
    orgKey = create("/organizations/org_acme/api_keys");
    repo = dir.resolve("app");
    ledger = dir.resolve("ledger.db");
    Files.createDirectories(repo.resolve("config"));
    Files.writeString(
        repo.resolve("config/app.env"),
        "API_KEY="
            + userKey.get("value").asText()
            + "\n"
            + "PIPELINE_KEY="
            + orgKey.get("value").asText()
            + "\n");
    Files.writeString(
        repo.resolve(".keyhound.toml"),
        """
        [issuer]
        base_url = "%s"
        api_key_env = "%s"
        timeout_ms = 5000

        [remediation]
        mode = "auto"
        revoke = ["user"]
        require_approval = ["organization"]

        [[hooks]]
        name = "security"
        url = "%s"
        secret_env = "%s"
        events = ["secret.leaked", "secret.revoked", "secret.revocation_failed", "secret.approval_required"]
        """
            .formatted(issuer.baseUrl(), DevIssuer.ADMIN_KEY_ENV, receiver.url(), HOOK_SECRET_ENV));
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      PersonIdent dev = new PersonIdent("Dev", "dev@acme.test");
      git.commit().setMessage("add config").setAuthor(dev).setCommitter(dev).setSign(false).call();
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    receiver.close();
    if (issuer != null) {
      issuer.close();
    }
  }

  private JsonNode create(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(issuer.baseUrl() + path))
                    .header("Authorization", "Bearer " + ADMIN)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"demo\",\"permissions\":[\"read\"],"
                                + "\"organization_id\":\"org_acme\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private record Run(int code, String out, String err) {}

  private Run keyhound(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  private JsonNode findingFor(JsonNode report, JsonNode key) {
    for (JsonNode f : report.get("findings")) {
      if (key.get("id").asText().equals(f.at("/verification/key_id").asText())) {
        return f;
      }
    }
    throw new AssertionError("no finding for " + key.get("id") + " in " + report);
  }

  @Test
  void scanRemediate_revokesUserKeyHoldsOrgKeyAndApproveRevokesIt() throws Exception {
    Run scan =
        keyhound(
            "scan",
            repo.toString(),
            "--remediate",
            "--ledger",
            ledger.toString(),
            "--format",
            "json");
    assertEquals(ExitCode.FINDINGS.code(), scan.code(), scan.err());
    JsonNode report = JSON.readTree(scan.out());
    JsonNode user = findingFor(report, userKey);
    JsonNode org = findingFor(report, orgKey);
    assertEquals("confirmed_dead", user.at("/remediation/state").asText());
    assertTrue(user.at("/remediation/residual_validation_ms").isNumber());
    assertEquals("approval_required", org.at("/remediation/state").asText());
    assertEquals(1, issuer.revocations());

    List<JsonNode> revoked = receiver.ofType("secret.revoked");
    assertEquals(1, revoked.size());
    assertEquals(userKey.get("id").asText(), revoked.get(0).at("/data/key/id").asText());
    assertEquals("user_ada", revoked.get(0).at("/data/owner/id").asText());
    assertEquals(
        "config/app.env",
        revoked.get(0).at("/data/occurrences/0/path").asText().replace('\\', '/'));
    assertEquals(1, receiver.ofType("secret.approval_required").size());
    assertEquals(0, receiver.rejected());

    Run approve =
        keyhound(
            "revoke",
            org.get("id").asText(),
            "--approve",
            "--ledger",
            ledger.toString(),
            "--config",
            repo.resolve(".keyhound.toml").toString());
    assertEquals(0, approve.code(), approve.err());
    assertTrue(approve.out().contains("confirmed_dead"), approve.out());
    assertEquals(2, issuer.revocations());
    assertEquals(2, receiver.ofType("secret.revoked").size());

    int delivered = receiver.accepted().size();
    assertEquals(
        1,
        keyhound("scan", repo.toString(), "--remediate", "--ledger", ledger.toString(), "-q")
            .code());
    assertEquals(
        0,
        keyhound(
                "remediate",
                "--ledger",
                ledger.toString(),
                "--config",
                repo.resolve(".keyhound.toml").toString(),
                "-q")
            .code());
    assertEquals(delivered, receiver.accepted().size(), "a rerun sent something new");
    assertEquals(2, issuer.revocations());
    assertEquals(receiver.ids().size(), new HashSet<>(receiver.ids()).size());

    Run status = keyhound("status", "--ledger", ledger.toString(), "--format", "json");
    JsonNode s = JSON.readTree(status.out());
    assertEquals(2, s.get("keys").size(), s.toPrettyString());
    for (JsonNode k : s.get("keys")) {
      assertEquals("confirmed_dead", k.get("state").asText());
    }
    assertTrue(s.get("median_detection_to_revocation_ms").isNumber());
  }

  @Test
  void revokeWithoutApprove_refusesAnOrgKeyThePolicyHolds() throws Exception {
    Run scan =
        keyhound(
            "scan",
            repo.toString(),
            "--remediate",
            "--ledger",
            ledger.toString(),
            "--format",
            "json");
    String orgId = findingFor(JSON.readTree(scan.out()), orgKey).get("id").asText();
    Run revoke =
        keyhound(
            "revoke",
            orgId,
            "--ledger",
            ledger.toString(),
            "--config",
            repo.resolve(".keyhound.toml").toString());
    assertEquals(ExitCode.USAGE.code(), revoke.code());
    assertTrue(revoke.err().contains("--approve"), revoke.err());
    assertEquals(1, issuer.revocations());
  }

  @Test
  void scanVerify_withoutIssuerSectionIsAConfigErrorNamingIt() throws Exception {
    Path bare = dir.resolve("bare.toml");
    Files.writeString(bare, "title = \"no issuer here\"\n");
    Run scan =
        keyhound(
            "scan",
            repo.toString(),
            "--verify",
            "--config",
            bare.toString(),
            "--ledger",
            ledger.toString());
    assertEquals(ExitCode.USAGE.code(), scan.code());
    assertTrue(scan.err().contains("[issuer]") && scan.err().contains("bare.toml"), scan.err());
  }

  @Test
  void scanVerify_showsTheKeysOwnerAndPermissionsInReportsAndStatus() throws Exception {
    Run json =
        keyhound(
            "scan", repo.toString(), "--verify", "--ledger", ledger.toString(), "--format", "json");
    Run text = keyhound("scan", repo.toString(), "--verify", "--ledger", ledger.toString());
    Run status = keyhound("status", "--ledger", ledger.toString());

    JsonNode user = findingFor(JSON.readTree(json.out()), userKey);
    assertEquals("user_ada", user.at("/verification/owner/id").asText());
    assertEquals("read", user.at("/verification/permissions/0").asText());
    assertTrue(text.out().contains("owner user user_ada"), text.out());
    assertTrue(text.out().contains("permissions: read"), text.out());
    assertTrue(status.out().contains("user user_ada"), status.out());
    assertTrue(status.out().contains("read"), status.out());
  }

  @Test
  void scanVerify_reportsVerificationButActsOnNothing() throws Exception {
    Run scan =
        keyhound(
            "scan", repo.toString(), "--verify", "--ledger", ledger.toString(), "--format", "json");
    JsonNode user = findingFor(JSON.readTree(scan.out()), userKey);
    assertEquals("active", user.at("/verification/status").asText());
    assertEquals("user", user.at("/verification/owner/type").asText());
    assertEquals(0, issuer.revocations());
    assertTrue(receiver.accepted().isEmpty());
  }

  @Test
  void revokeApprove_whileTheIssuerIsDownExitsOneAndSaysWhy() throws Exception {
    Run scan =
        keyhound(
            "scan",
            repo.toString(),
            "--remediate",
            "--ledger",
            ledger.toString(),
            "--format",
            "json");
    String orgId = findingFor(JSON.readTree(scan.out()), orgKey).get("id").asText();
    issuer.close();
    issuer = null; // down from here on: the revocation cannot go through
    Run revoke =
        keyhound(
            "revoke",
            orgId,
            "--approve",
            "--ledger",
            ledger.toString(),
            "--config",
            repo.resolve(".keyhound.toml").toString());
    assertEquals(ExitCode.FINDINGS.code(), revoke.code(), revoke.out());
    assertTrue(
        revoke.err().contains("is not revoked yet") && revoke.err().contains(orgId), revoke.err());
  }
}
