package dev.keyhound.reports;

import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.remediation.LedgerTrend;
import dev.keyhound.scanner.ScanResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report writer needs: the scan, what remediation knows per finding id, the tool's
 * identity and the time of the report (injected, so golden files are stable), and for a report from
 * the ledger the number of open live keys over time.
 */
public record Report(
    String toolName,
    String toolVersion,
    ScanResult scan,
    Map<String, FindingStatus> statuses,
    boolean showSecrets,
    Instant generatedAt,
    List<LedgerTrend.Point> trend) {
  public Report {
    Objects.requireNonNull(scan, "scan");
    statuses = Map.copyOf(statuses);
    Objects.requireNonNull(generatedAt, "generatedAt");
    trend = List.copyOf(trend);
  }

  /** A report with no history of open live keys (a scan's; a ledger's report has one). */
  public Report(
      String toolName,
      String toolVersion,
      ScanResult scan,
      Map<String, FindingStatus> statuses,
      boolean showSecrets,
      Instant generatedAt) {
    this(toolName, toolVersion, scan, statuses, showSecrets, generatedAt, List.of());
  }

  /** The status of a finding, or null when nothing is known. */
  public FindingStatus status(String findingId) {
    return statuses.get(findingId);
  }
}
