package dev.keyhound.cli;

import dev.keyhound.remediation.FleetClaims;
import dev.keyhound.remediation.Heartbeat;
import dev.keyhound.remediation.Lease;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.LedgerIncrementalStore;
import dev.keyhound.remediation.RemediationSettings;
import dev.keyhound.remediation.Remediator;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound fleet work}: one worker (one pod of a Job). Claims the next due repository, scans
 * its new commits, records findings in the ledger (and remediates when asked), releases it, and
 * repeats until nothing is due, {@code --max-repos} were scanned or {@code --deadline} passed.
 */
@Command(
    name = "work",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Scan due repositories of the fleet, one at a time, until none is left. Run one per pod:"
            + " workers pull, so big and small repositories balance by themselves. A worker with"
            + " nothing to claim waits while others still scan, to take over a repository whose"
            + " worker died once its lease lapses.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing left to do, no findings",
      "1:findings recorded",
      "2:usage or configuration error",
      "3:some repositories could not be scanned (each is named)",
      "4:internal error"
    })
final class FleetWorkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;

  /** --ledger (default $KEYHOUND_LEDGER), --verify-rps and --verify-concurrency, as scan has. */
  @Mixin LedgerOptions ledgerOption;

  @Mixin ExtractionOptions extraction;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Rules, [issuer] and [remediation] for the whole fleet (gitleaks-compatible TOML).")
  Path configFile;

  @Option(
      names = "--max-repos",
      paramLabel = "N",
      description = "Stop after scanning N repositories (default: no limit).")
  int maxRepos = Integer.MAX_VALUE;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION|INSTANT",
      description =
          "Claim no repository after this: a duration from now (50m, 6h) or a time"
              + " (2026-01-05T06:00:00Z). A scan under way finishes.")
  String deadline;

  @Option(
      names = "--lease",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "How long a claim holds without a heartbeat; a killed worker's repository is taken over"
              + " after this (default: 2m; heartbeats every third of it).")
  Duration lease = Duration.ofMinutes(2);

  @Option(
      names = "--rescan-after",
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "A repository is due again this long after its last scan (default: 20h, for a nightly"
              + " CronJob).")
  Duration rescanAfter = Duration.ofHours(20);

  @Option(
      names = "--git-token-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding a token for cloning private repositories over HTTPS"
              + " (GitHub, GitLab: a personal access or installation token). Default: none.")
  String gitTokenEnv;

  @Option(
      names = "--git-user",
      paramLabel = "NAME",
      description =
          "User name sent with the token (default: x-access-token, which GitHub and GitLab accept"
              + " with a token).")
  String gitUser = "x-access-token";

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Detection threads (default: the core count).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--max-file-size",
      paramLabel = "BYTES",
      converter = ByteSize.class,
      description = "Skip files larger than this (default: 10M).")
  long maxFileSize = ScanOptions.DEFAULT_MAX_FILE_SIZE;

  @Option(
      names = "--verify",
      description = "Ask the issuer whether each issuer-format key is live (needs [issuer]).")
  boolean verify;

  @Option(
      names = "--remediate",
      description = "Verify, then apply the [remediation] policy: revoke, hold, notify.")
  boolean remediate;

  @Override
  public Integer call() throws Exception {
    if (maxRepos < 1) {
      throw new UserError("--max-repos must be at least 1: " + maxRepos);
    }
    if (threads < 1) {
      throw new UserError("--threads must be at least 1: " + threads);
    }
    Clock clock = Clock.systemUTC();
    Instant start = clock.instant();
    Instant stopAt = deadline == null ? Instant.MAX : deadline(deadline, start);
    PrintWriter err = spec.commandLine().getErr();
    Config config = Config.load(configFile, Path.of("."));
    CredentialsProvider credentials = credentials();
    String worker = workerName();
    int scanned = 0;
    int failed = 0;
    int findings = 0;
    // Repository claims are renewed by the same heartbeat as the remediation outbox's claims.
    Lease claimLease = new Lease(worker, lease, clock);
    try (Heartbeat.Beats beats = new Heartbeat.Beats();
        Ledger ledger = RemediationRun.openLedger(ledgerOption.ledger)) {
      // Every pod makes its ids with the ledger's key, so one secret has one id fleet-wide.
      Fingerprinter fingerprinter =
          RemediationRun.fingerprinter(ledger, ledgerOption.ledger, config.file());
      Scanner scanner =
          Scanner.create(
              config.rules(),
              new ScanOptions(
                  threads,
                  maxFileSize,
                  new DetectorOptions(false).withSavedPlans(CacheFolder.plans())),
              fingerprinter,
              extraction.extractor(maxFileSize));
      FleetClaims claims = new FleetClaims(ledger, clock, lease);
      Remediator remediator = null;
      if (verify || remediate) {
        RemediationSettings settings = RemediationRun.settings(config.file());
        remediator =
            RemediationRun.remediator(
                settings, config.file(), ledger, ledgerOption, err, logging.quiet);
      }
      RepoScan repoScan =
          new RepoScan(
              scanner, maxFileSize, ledger, fingerprinter, remediator, remediate, credentials);
      while (scanned < maxRepos && clock.instant().isBefore(stopAt)) {
        Optional<FleetClaims.Claim> claim = claims.claimNext(worker, start, rescanAfter);
        if (claim.isEmpty()) {
          // Others are still scanning: wait for their leases, to take over any whose worker died.
          Optional<Instant> leaseEnd = claims.pendingLeaseEnd(start, rescanAfter);
          if (leaseEnd.isEmpty() || !leaseEnd.get().isBefore(stopAt)) {
            break;
          }
          long waitMs = Duration.between(clock.instant(), leaseEnd.get()).toMillis() + 100;
          // Poll every second at most: the scan being waited for usually ends well before its
          // lease, and then this worker should exit at once rather than sleep out the lease.
          Thread.sleep(Math.max(100, Math.min(waitMs, 1000)));
          continue;
        }
        FleetClaims.Claim c = claim.get();
        FleetClaims.Outcome outcome;
        try (Heartbeat beat = beats.start(claimLease, until -> claims.heartbeat(c))) {
          try {
            outcome = repoScan.scan(c.url());
          } catch (RuntimeException e) {
            outcome = new FleetClaims.Outcome("failed", 0, 0, 0, String.valueOf(e.getMessage()));
          }
          if (beat.lost()) {
            err.println("keyhound: lost the claim on " + c.url() + " during the scan");
          }
        }
        boolean kept = claims.finish(c, outcome);
        scanned++;
        findings += outcome.findings();
        if (!outcome.result().equals("ok")) {
          failed++;
          err.println("keyhound: cannot scan " + c.url() + ": " + outcome.error());
        } else if (!logging.quiet) {
          err.printf(
              "keyhound: scanned %s: %d new commits, %.1f MB, %d findings (%.1f s)%n",
              c.url(),
              outcome.commits(),
              outcome.bytes() / 1e6,
              outcome.findings(),
              Duration.between(c.startedAt(), clock.instant()).toMillis() / 1000.0);
        }
        if (!kept) {
          err.println(
              "keyhound: the claim on " + c.url() + " lapsed during the scan (raise --lease)");
        }
        err.flush();
      }
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(ledgerOption.ledger, e);
    }
    if (!logging.quiet) {
      err.println(
          "keyhound: worker "
              + worker
              + " done: "
              + scanned
              + " repositories, "
              + findings
              + " findings, "
              + failed
              + " failed");
    }
    if (findings > 0) {
      return ExitCode.FINDINGS.code();
    }
    return failed > 0 ? ExitCode.PARTIAL.code() : ExitCode.OK.code();
  }

  static Instant deadline(String value, Instant now) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return now.plus(Durations.parse(value));
      } catch (IllegalArgumentException e) {
        throw new UserError(
            "--deadline is neither a duration (50m, 6h) nor a time (2026-01-05T06:00:00Z): "
                + value);
      }
    }
  }

  /** The clone credentials {@code --git-token-env} names, read once here at the edge. */
  private CredentialsProvider credentials() {
    if (gitTokenEnv == null) {
      return null;
    }
    String token = System.getenv(gitTokenEnv);
    if (token == null || token.isBlank()) {
      throw new UserError("--git-token-env: $" + gitTokenEnv + " is not set");
    }
    return new UsernamePasswordCredentialsProvider(gitUser, token);
  }

  /** The pod's name where Kubernetes sets it, else this process; unique either way. */
  private static String workerName() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "local" : host)
        + "/"
        + ProcessHandle.current().pid()
        + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** One repository's incremental scan, with its findings recorded in the ledger. */
  private record RepoScan(
      Scanner scanner,
      long maxFileSize,
      Ledger ledger,
      Fingerprinter fingerprinter,
      Remediator remediator,
      boolean remediate,
      CredentialsProvider credentials) {
    FleetClaims.Outcome scan(String url) {
      GitOptions git = new GitOptions();
      git.incremental = true;
      git.noWorktree = true;
      try (Targets t =
          new Targets(false, git, maxFileSize)
              .withIncrementalStore(new LedgerIncrementalStore(ledger))
              .withCredentials(credentials)) {
        List<Path> targets = List.of(Path.of(url));
        ScanResult result = scanner.scan(t.names(targets), t.sources(targets));
        String error =
            result.skipped().stream()
                .filter(s -> s.reason().isError())
                .map(Skipped::describe)
                .findFirst()
                .orElse(null);
        if (error != null && !t.hasHistory()) {
          return new FleetClaims.Outcome("failed", 0, 0, 0, error);
        }
        record(result.findings());
        // Incremental state last: if the worker dies before this, the next one rescans the same
        // commits instead of missing them.
        t.recordIncremental(result);
        return new FleetClaims.Outcome(
            error == null ? "ok" : "partial",
            t.progress().commits(),
            t.progress().bytesRead(),
            result.findings().size(),
            error);
      } catch (SQLException e) {
        return new FleetClaims.Outcome("failed", 0, 0, 0, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted", ExitCode.INTERNAL, e);
      }
    }

    private void record(List<Finding> findings) throws SQLException, InterruptedException {
      if (remediator != null) {
        remediator.afterScan(findings, fingerprinter::secretHash, remediate);
        return;
      }
      for (Finding f : findings) {
        ledger.record(f, fingerprinter.secretHash(f.secret()), false);
      }
    }
  }
}
