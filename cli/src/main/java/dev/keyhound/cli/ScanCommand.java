package dev.keyhound.cli;

import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.LedgerIncrementalStore;
import dev.keyhound.reports.FindingFilter;
import dev.keyhound.reports.Report;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.PhaseTrace;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanProgress;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keyhound scan}: find secrets in directories, files and repositories. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Scan directories, files and git repositories for leaked keys.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no findings",
      "1:findings",
      "2:usage or configuration error",
      "3:scan finished but some inputs could not be read",
      "4:internal error"
    })
class ScanCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Set when {@link ScanEntry} runs this command without picocli: where it writes. */
  private PrintWriter out;

  private PrintWriter err;
  @Mixin LoggingOptions logging;
  @Mixin ReportOptions reportOptions;
  @Mixin GitOptions gitOptions;
  @Mixin ExtractionOptions extraction;

  @Parameters(
      paramLabel = "TARGET",
      arity = "0..*",
      description = "Directories, files or repositories (default: .).")
  List<Path> targets = new ArrayList<>();

  @Option(names = "--no-git", description = "Scan the files of a work tree only, not its history.")
  boolean noGit;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Rules and settings (gitleaks-compatible TOML). Default: .keyhound.toml at the target's root.")
  Path configFile;

  /** Set by {@link #scan()}: the configuration and fingerprinter the scan ran with. */
  private Config config;

  private Fingerprinter fingerprinter;

  /** Set by {@link #scan()}: the scanner it ran, which the archive's training reuses. */
  private Scanner scanner;

  /** Open from {@link #scan()} to the end of {@link #call()} when verifying or remediating. */
  private Ledger ledger;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Detection threads (default: the core count).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--max-file-size",
      paramLabel = "BYTES",
      converter = ByteSize.class,
      description =
          "Bytes read or decoded at once (or 512K, 10M, 1G; default: 10M). A larger text file is"
              + " scanned as plain text in windows of this size; a larger binary file or history"
              + " blob is skipped with a note.")
  long maxFileSize = ScanOptions.DEFAULT_MAX_FILE_SIZE;

  @Option(
      names = "--include-bad-checksums",
      description =
          "Also report issuer- and GitHub-shaped values whose checksum fails, as low confidence.")
  boolean includeBadChecksums;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "Report only findings whose id is not in this baseline (from 'keyhound baseline create', "
              + "or a JSON report). Ids follow the secret, so moved secrets stay accepted and new ones are reported.")
  Path baseline;

  @Option(
      names = "--verify",
      description = "Ask the issuer whether each issuer-format key is live (needs [issuer]).")
  boolean verify;

  @Option(
      names = "--remediate",
      description = "Verify, then apply the [remediation] policy: revoke, hold, notify.")
  boolean remediate;

  @Mixin LedgerOptions ledgerOptions;

  /**
   * A scan as picocli makes it before it sets any option: each mixin with its fields' initial
   * values (none of this command's options has a default picocli computes, but {@code --ledger}'s,
   * from {@code $KEYHOUND_LEDGER}, which {@link ScanEntry} leaves to picocli), writing to these
   * streams.
   */
  static ScanCommand withoutPicocli(PrintWriter out, PrintWriter err) {
    ScanCommand c = new ScanCommand();
    c.logging = new LoggingOptions();
    c.reportOptions = new ReportOptions();
    c.gitOptions = new GitOptions();
    c.extraction = new ExtractionOptions();
    c.ledgerOptions = new LedgerOptions();
    c.out = out;
    c.err = err;
    return c;
  }

  private PrintWriter out() {
    return out != null ? out : spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return err != null ? err : spec.commandLine().getErr();
  }

  @Override
  public Integer call() throws Exception {
    reportOptions.check();
    FindingFilter known = Accepted.baseline(baseline);
    PrintWriter err = err();
    ScanResult result = Accepted.apply(scan(), known, targets, err, logging);
    // Accepted (baselined, ignored) findings are neither verified nor remediated: they were
    // reviewed already.
    Map<String, FindingStatus> statuses;
    try (Ledger l = ledger) {
      statuses =
          l != null
              ? RemediationRun.afterScan(
                  result,
                  config.file(),
                  l,
                  ledgerOptions,
                  remediate,
                  fingerprinter,
                  err,
                  logging.quiet)
              : Map.of();
    }
    Report report =
        new Report(
            Version.NAME,
            Version.get(),
            result,
            statuses,
            reportOptions.showSecrets,
            Instant.now());
    reportOptions.write(report, out(), logging.quiet);
    PhaseTrace.mark("scan: report written");
    if (ArchiveTraining.requested()) {
      out().flush();
      err.flush();
      ArchiveTraining.documents();
      PhaseTrace.mark("archive training: documents read");
      ArchiveTraining.scans(scanner, maxFileSize);
      ArchiveTraining.picocli();
      ArchiveTraining.config();
    }
    return exitCode(result);
  }

  /**
   * Runs the scan the options describe and names unreadable inputs on stderr; {@code baseline
   * create} reuses it.
   */
  ScanResult scan() throws Exception {
    if (targets.isEmpty()) {
      targets.add(Path.of("."));
    }
    if (threads < 1) {
      throw new UserError("--threads must be at least 1: " + threads);
    }
    if (maxFileSize <= 0) {
      throw new UserError("--max-file-size must be positive: " + maxFileSize);
    }
    PhaseTrace.mark("scan: command parsed");
    config = Config.load(configFile, targets.get(0));
    RuleSet rules = config.rules();
    if (!logging.quiet && config.file() != null && replacesBuiltin(config.file())) {
      err()
          .println(
              "keyhound: "
                  + config.file()
                  + " declares [[rules]] without [extend]: they replace the built-in rules"
                  + " (add [extend] useDefault = true to keep them)");
    }
    PhaseTrace.mark("scan: config and rules loaded");
    ScanOptions options =
        new ScanOptions(
            threads,
            maxFileSize,
            new DetectorOptions(includeBadChecksums).withSavedPlans(CacheFolder.plans()));
    if (verify || remediate) {
      // Ids are the ledger's: it is opened first so that this scan's ids are made with its key.
      ledger = RemediationRun.openLedger(ledgerOptions.ledger);
      fingerprinter = RemediationRun.fingerprinter(ledger, ledgerOptions.ledger, config.file());
    } else {
      fingerprinter = IdKeys.from(config.file(), System::getenv).withoutLedger();
    }
    PrintWriter err = err();
    ScanResult result;
    // A shared ledger (a jdbc: URL) also holds --incremental state, so any machine's next scan
    // skips what another scanned; a local run keeps it in the state folder.
    boolean shared =
        gitOptions.incremental
            && ledgerOptions.ledger != null
            && ledgerOptions.ledger.startsWith("jdbc:");
    try (Ledger own =
            shared && ledger == null ? RemediationRun.openLedger(ledgerOptions.ledger) : null;
        Targets t = new Targets(noGit, gitOptions, maxFileSize)) {
      Ledger store = own != null ? own : shared ? ledger : null;
      if (store != null) {
        t.withIncrementalStore(new LedgerIncrementalStore(store));
      }
      // Created first: its detector builds in the background while the targets are checked (a
      // mirror's refs take a few hundred milliseconds to read).
      scanner = Scanner.create(rules, options, fingerprinter, extraction.extractor(maxFileSize));
      List<Source> sources = t.sources(targets);
      ScanProgress counted = new ScanProgress();
      try (ProgressPrinter p =
          ProgressPrinter.startIfInteractive(
              t.hasHistory() ? t.progress() : null, counted, err, logging.quiet)) {
        result = scanner.scan(t.names(targets), sources, counted);
      }
      t.recordIncremental(result);
    } catch (java.sql.SQLException e) {
      throw RemediationRun.ledgerError(ledgerOptions.ledger, e);
    }
    for (Skipped s : result.skipped()) {
      if (s.reason().isShown() || logging.verbose) {
        err.println("keyhound: " + s.describe());
      }
    }
    return result;
  }

  private static boolean replacesBuiltin(Path file) {
    try {
      return dev.keyhound.rules.RuleLoader.replacesBuiltin(file);
    } catch (dev.keyhound.rules.RuleException e) {
      return false; // loading it has already succeeded; a second read failing changes nothing
    }
  }

  /** Findings win over unreadable inputs: a leak is the more urgent news. */
  static int exitCode(ScanResult result) {
    if (!result.findings().isEmpty()) {
      return ExitCode.FINDINGS.code();
    }
    return result.hasErrors() ? ExitCode.PARTIAL.code() : ExitCode.OK.code();
  }
}
