package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.SecretVault;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.StateDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding ids belong to the team, not the machine: the same secret has the same id on every machine
 * with the same configuration, and a ledger keeps the key its ids were made with.
 */
class FindingIdsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEAM_KEY_ENV = "KEYHOUND_TEST_TEAM_KEY";
  @TempDir Path tmp;
  private Path repo;
  private final String key = KeyFormat.ISSUER.mint("sk_live_");

  @BeforeEach
  void repoWithOneKey() throws Exception {
    repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve("app.env"), "API_KEY=" + key + "\n");
  }

  @Test
  void scan_givesTheSameIdOnTwoMachines() throws Exception {
    String laptop = onMachine(tmp.resolve("laptop-home"), () -> onlyId(repo));
    String runner = onMachine(tmp.resolve("ci-home"), () -> onlyId(repo));
    assertEquals(laptop, runner);
    assertEquals(
        new Fingerprinter(Fingerprinter.defaultKey()).findingId(RuleSet.ISSUER_RULE_ID, key),
        laptop,
        "without [ids] the documented default key makes the ids");
  }

  @Test
  void baseline_madeOnOneMachineMatchesOnAnother() throws Exception {
    Path baseline = tmp.resolve("baseline.json");
    onMachine(
        tmp.resolve("laptop-home"),
        () ->
            CliRun.of("baseline", "create", "--output", baseline.toString(), repo.toString())
                .exit());
    CliRun ci =
        onMachine(
            tmp.resolve("ci-home"),
            () -> CliRun.of("scan", "--baseline", baseline.toString(), repo.toString()));
    assertEquals(0, ci.exit(), ci.err());
  }

  @Test
  void idsKeyEnv_makesTheTeamsIds() throws Exception {
    Files.writeString(
        repo.resolve(".keyhound.toml"), "[ids]\nkey_env = \"" + TEAM_KEY_ENV + "\"\n");
    String id = onlyId(repo);
    assertEquals(
        new Fingerprinter(Fingerprinter.keyFromText(System.getenv(TEAM_KEY_ENV)))
            .findingId(RuleSet.ISSUER_RULE_ID, key),
        id);
    assertNotEquals(
        new Fingerprinter(Fingerprinter.defaultKey()).findingId(RuleSet.ISSUER_RULE_ID, key), id);
  }

  @Test
  void idsKeyEnv_unsetVariableIsAUsageErrorNamingIt() throws Exception {
    Files.writeString(
        repo.resolve(".keyhound.toml"), "[ids]\nkey_env = \"KEYHOUND_TEST_NOT_SET_ANYWHERE\"\n");
    CliRun run = CliRun.of("scan", repo.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("$KEYHOUND_TEST_NOT_SET_ANYWHERE"), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void ledger_keepsItsKeyAndRefusesAProcessConfiguredWithAnother() throws Exception {
    String where = tmp.resolve("ledger.db").toString();
    StateDir state = new StateDir(tmp.resolve("home"));
    try (Ledger ledger = openLedger(where)) {
      Fingerprinter first = IdKeys.from(null, n -> null).forLedger(ledger, where, state);
      assertEquals(
          new Fingerprinter(Fingerprinter.defaultKey()).findingId("r", key),
          first.findingId("r", key));

      Path config = tmp.resolve("team.toml");
      Files.writeString(config, "[ids]\nkey_env = \"TEAM\"\n");
      IdKeys team = IdKeys.from(config, Map.of("TEAM", "a-team-key-of-enough-length")::get);
      UserError e = assertThrows(UserError.class, () -> team.forLedger(ledger, where, state));
      assertTrue(
          e.getMessage().contains(where) && e.getMessage().contains("$TEAM"), e.getMessage());
    }
  }

  @Test
  void ledger_createdWithATeamKeyGivesItToProcessesThatSetNone() throws Exception {
    String where = tmp.resolve("ledger.db").toString();
    StateDir state = new StateDir(tmp.resolve("home"));
    Path config = tmp.resolve("team.toml");
    Files.writeString(config, "[ids]\nkey_env = \"TEAM\"\n");
    try (Ledger ledger = openLedger(where)) {
      Fingerprinter team =
          IdKeys.from(config, Map.of("TEAM", "a-team-key-of-enough-length")::get)
              .forLedger(ledger, where, state);
      Fingerprinter plain = IdKeys.from(null, n -> null).forLedger(ledger, where, state);
      assertEquals(team.findingId("r", key), plain.findingId("r", key));
    }
  }

  @Test
  void baseline_noneOfWhoseIdsMatchIsSaidOnStderr() throws Exception {
    Path baseline = tmp.resolve("other-key-baseline.json");
    Files.writeString(
        baseline,
        "{\"schema\":\"keyhound-baseline/v1\",\"findings\":[{\"id\":\""
            + "0123456789abcdef0123456789abcdef"
            + "\",\"rule_id\":\"keyhound-issuer-key\"}]}");
    CliRun run = CliRun.of("scan", "--baseline", baseline.toString(), repo.toString());
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.err().contains("none of the 1 ids in the baseline"), run.err());
  }

  @Test
  void plainScan_worksWhenTheStateFolderCannotBeCreated() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    CliRun run = onMachine(file.resolve("state"), () -> CliRun.of("scan", repo.toString()));
    assertEquals(1, run.exit(), run.err());
    assertTrue(run.out().contains("keyhound-issuer-key"), run.out());

    try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("key").setSign(false).call();
    }
    CliRun incremental =
        onMachine(file.resolve("state"), () -> CliRun.of("scan", "--incremental", repo.toString()));
    assertEquals(2, incremental.exit(), incremental.err());
    assertTrue(incremental.err().contains("--incremental"), incremental.err());
    assertEquals(1, incremental.err().strip().lines().count(), incremental.err());
  }

  @Test
  void status_ofALedgerThatDoesNotExistSaysSoAndCreatesNothing() {
    Path typo = tmp.resolve("typo.db");
    CliRun run = CliRun.of("status", "--ledger", typo.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("does not exist"), run.err());
    assertFalse(Files.exists(typo));
  }

  @Test
  void remediate_withAHookWhoseSecretVariableIsUnsetIsAConfigurationError() throws Exception {
    Path ledgerFile = tmp.resolve("ledger.db");
    openLedger(ledgerFile.toString()).close();
    Path config = tmp.resolve("hooks.toml");
    Files.writeString(
        config,
        """
        [issuer]
        base_url = "http://127.0.0.1:9"
        api_key_env = "KEYHOUND_ISSUER_ADMIN_KEY"
        [[hooks]]
        url = "http://127.0.0.1:9/hook"
        secret_env = "KEYHOUND_TEST_UNSET_HOOK_SECRET"
        """);
    CliRun run =
        CliRun.of("remediate", "--config", config.toString(), "--ledger", ledgerFile.toString());
    assertEquals(2, run.exit(), run.err());
    assertTrue(run.err().contains("$KEYHOUND_TEST_UNSET_HOOK_SECRET"), run.err());
  }

  private static Ledger openLedger(String where) throws Exception {
    return Ledger.open(where, new SecretVault(new byte[32]), Clock.systemUTC());
  }

  private String onlyId(Path target) throws Exception {
    CliRun run = CliRun.of("scan", "--format", "json", target.toString());
    assertEquals(1, run.exit(), run.err());
    var findings = JSON.readTree(run.out()).path("findings");
    assertEquals(1, findings.size(), run.out());
    return findings.get(0).path("id").asText();
  }

  /** Runs with another state folder, as on another machine. */
  private static <T> T onMachine(Path home, Callable<T> run) throws Exception {
    String before = System.getProperty("keyhound.home");
    System.setProperty("keyhound.home", home.toString());
    try {
      return run.call();
    } finally {
      System.setProperty("keyhound.home", before);
    }
  }
}
