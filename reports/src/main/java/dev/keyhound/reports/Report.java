package dev.keyhound.reports;

import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.scanner.ScanResult;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a report writer needs: the scan, what remediation knows per finding id, the tool's
 * identity and the time of the report (injected, so golden files are stable).
 */
public record Report(
    String toolName,
    String toolVersion,
    ScanResult scan,
    Map<String, FindingStatus> statuses,
    boolean showSecrets,
    Instant generatedAt) {
  public Report {
    Objects.requireNonNull(scan, "scan");
    statuses = Map.copyOf(statuses);
    Objects.requireNonNull(generatedAt, "generatedAt");
  }

  /** The status of a finding, or null when nothing is known. */
  public FindingStatus status(String findingId) {
    return statuses.get(findingId);
  }
}
