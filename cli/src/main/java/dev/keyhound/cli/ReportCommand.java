package dev.keyhound.cli;

import dev.keyhound.remediation.FleetInventory;
import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.LedgerFindings;
import dev.keyhound.remediation.LedgerTrend;
import dev.keyhound.reports.Report;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.ScanResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound report --ledger URL}: the organization's report from the ledger (every
 * repository, finding, verification and remediation state), in the formats of {@code scan}, without
 * rescanning.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Write a report of everything the ledger holds (a fleet's findings, verification and"
            + " remediation state), in any scan format, without rescanning. Values are redacted:"
            + " the ledger keeps no raw secrets to show.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:report written", "2:usage error or unreadable ledger"})
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;
  @Mixin FleetLedgerOption ledgerOption;
  @Mixin ReportOptions reportOptions;

  @Override
  public Integer call() throws Exception {
    if (reportOptions.showSecrets) {
      throw new UserError(
          "--show-secrets: the ledger keeps no raw values (only redactions), so a report from it"
              + " cannot show them");
    }
    Report report;
    try (Ledger l = RemediationRun.openLedger(ledgerOption.ledger)) {
      List<Finding> findings = LedgerFindings.all(l);
      List<String> targets =
          new FleetInventory(l).list().stream().map(FleetInventory.Repo::url).toList();
      long bytes =
          new FleetInventory(l).scans().stream().mapToLong(FleetInventory.Scan::bytes).sum();
      ScanResult result = new ScanResult(targets, 0, bytes, 0, findings, List.of());
      report =
          new Report(
              Version.NAME,
              Version.get(),
              result,
              l.statuses(findings.stream().map(Finding::id).toList()),
              false,
              Instant.now(),
              LedgerTrend.openLiveKeys(l));
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(ledgerOption.ledger, e);
    }
    reportOptions.write(report, spec.commandLine().getOut(), logging.quiet);
    return ExitCode.OK.code();
  }
}
