package dev.keyhound.cli;

import dev.keyhound.remediation.Backoff;
import dev.keyhound.remediation.CrashPoint;
import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.remediation.HookConfig;
import dev.keyhound.remediation.HookSender;
import dev.keyhound.remediation.IssuerClient;
import dev.keyhound.remediation.IssuerConfig;
import dev.keyhound.remediation.IssuerVerifier;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.RateLimiter;
import dev.keyhound.remediation.RemediationSettings;
import dev.keyhound.remediation.Remediator;
import dev.keyhound.remediation.SecretVault;
import dev.keyhound.remediation.Sleeper;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.StateDir;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Wires the remediation module for the CLI: settings from the config file, the ledger, the issuer
 * and the hooks.
 */
final class RemediationRun {
  static final String DEFAULT_LEDGER = "ledger.db";

  private RemediationRun() {}

  /**
   * {@code scan --verify / --remediate} over the ledger the scan made its ids for: what reports
   * print per finding id.
   */
  static Map<String, FindingStatus> afterScan(
      ScanResult result,
      Path configFile,
      Ledger ledger,
      LedgerOptions ledgerOptions,
      boolean remediate,
      Fingerprinter fingerprinter,
      PrintWriter err,
      boolean quiet) {
    RemediationSettings settings = settings(configFile);
    String ledgerArg = ledgerOptions.ledger;
    try {
      Remediator r = remediator(settings, configFile, ledger, ledgerOptions, err, quiet);
      if (remediate
          && settings.policy().mode() == dev.keyhound.remediation.Policy.Mode.OFF
          && !quiet) {
        err.println(
            "keyhound: [remediation] mode is off in "
                + configFile
                + ": keys are verified, not acted on");
      }
      return r.afterScan(result.findings(), fingerprinter::secretHash, remediate);
    } catch (SQLException e) {
      throw ledgerError(ledgerArg, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted", ExitCode.INTERNAL, e);
    }
  }

  static RemediationSettings settings(Path configFile) {
    try {
      return RemediationSettings.load(configFile);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
  }

  /**
   * A remediator over an open ledger; needs an {@code [issuer]} section and its admin key in the
   * environment.
   */
  static Remediator remediator(
      RemediationSettings settings,
      Path configFile,
      Ledger ledger,
      LedgerOptions tuning,
      PrintWriter err,
      boolean quiet) {
    return remediator(
        settings,
        configFile,
        ledger,
        tuning,
        m -> {
          if (!quiet) {
            err.println("keyhound: " + m);
            err.flush();
          }
        });
  }

  /** A remediator that logs through {@code log} (serve's text or JSON lines). */
  static Remediator remediator(
      RemediationSettings settings,
      Path configFile,
      Ledger ledger,
      LedgerOptions tuning,
      java.util.function.Consumer<String> log) {
    double rps = tuning.verifyRps;
    IssuerConfig issuer = settings.issuer();
    if (issuer == null) {
      throw new UserError(
          "verification needs an [issuer] section (base_url, api_key_env) in "
              + (configFile == null ? ".keyhound.toml" : configFile));
    }
    String adminKey = System.getenv(issuer.apiKeyEnv());
    if (adminKey == null || adminKey.isBlank()) {
      throw new UserError(
          "the issuer admin key is missing: set $"
              + issuer.apiKeyEnv()
              + " (it is never taken on the command line)");
    }
    if (rps < 0) {
      throw new UserError("--verify-rps must be 0 (no cap) or positive: " + rps);
    }
    checkHookSecrets(settings, configFile, System::getenv);
    if (tuning.verifyConcurrency < 1 || tuning.verifyConcurrency > 256) {
      throw new UserError("--verify-concurrency must be 1..256: " + tuning.verifyConcurrency);
    }
    RateLimiter limiter = new RateLimiter(rps, System::nanoTime, Sleeper.REAL);
    IssuerVerifier verifier =
        new IssuerVerifier(
            new IssuerClient(issuer, adminKey, limiter), Backoff.standard(), Sleeper.REAL);
    HookSender sender = new HookSender(System::getenv, Clock.systemUTC(), Duration.ofSeconds(10));
    return new Remediator(
        new Remediator.Setup(
            ledger,
            verifier,
            settings.policy(),
            settings.hooks(),
            sender,
            CrashPoint.NONE,
            Sleeper.REAL,
            log,
            tuning.verifyConcurrency));
  }

  /**
   * The ledger at {@code --ledger} (a path or a jdbc: URL), else {@code ledger.db} in the state
   * folder, created on first use.
   */
  static Ledger openLedger(String ledgerArg) {
    StateDir state = StateDir.fromEnvironment();
    String where = ledgerArg != null ? ledgerArg : state.file(DEFAULT_LEDGER).toString();
    try {
      String shared = System.getenv(SecretVault.KEY_ENV);
      byte[] vaultKey =
          shared != null && !shared.isEmpty()
              ? SecretVault.keyFromText(shared)
              : state.secretKey(SecretVault.KEY_FILE, 32);
      return Ledger.open(where, new SecretVault(vaultKey), Clock.systemUTC());
    } catch (SQLException e) {
      throw ledgerError(where, e);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    } catch (UncheckedIOException e) {
      throw new UserError(e.getMessage() + ": " + e.getCause().getMessage(), ExitCode.USAGE, e);
    }
  }

  /**
   * The ledger for commands that read or resume one ({@code status}, {@code revoke}, {@code
   * remediate}): a file named with {@code --ledger} must exist, since creating an empty one would
   * hide a typo.
   */
  static Ledger openExistingLedger(String ledgerArg) {
    if (ledgerArg != null && !ledgerArg.startsWith("jdbc:") && !Files.exists(Path.of(ledgerArg))) {
      throw new UserError(
          "ledger "
              + ledgerArg
              + " does not exist (scan --verify or --remediate creates one; for PostgreSQL"
              + " give a jdbc:postgresql: URL)");
    }
    return openLedger(ledgerArg);
  }

  /** The fingerprinter of a process writing to {@code ledger}: the ledger's id key. */
  static Fingerprinter fingerprinter(Ledger ledger, String ledgerArg, Path configFile) {
    StateDir state = StateDir.fromEnvironment();
    try {
      return IdKeys.from(configFile, System::getenv)
          .forLedger(ledger, ledgerArg != null ? ledgerArg : DEFAULT_LEDGER, state);
    } catch (SQLException e) {
      throw ledgerError(ledgerArg, e);
    }
  }

  /**
   * A webhook whose signing secret is missing could never deliver: a configuration error now, not a
   * delivery retried for hours.
   */
  static void checkHookSecrets(
      RemediationSettings settings, Path configFile, UnaryOperator<String> env) {
    for (HookConfig h : settings.hooks()) {
      String name = h.secretEnv();
      if (name != null && (env.apply(name) == null || env.apply(name).isEmpty())) {
        throw new UserError(
            (configFile == null ? ".keyhound.toml" : configFile)
                + ": the hook "
                + (h.url() != null ? h.url() : h.name())
                + " signs with $"
                + name
                + ", which is not set");
      }
    }
  }

  static UserError ledgerError(String ledgerArg, SQLException e) {
    return new UserError(
        "ledger " + (ledgerArg == null ? "(state folder)" : ledgerArg) + ": " + e.getMessage(),
        ExitCode.USAGE,
        e);
  }
}
