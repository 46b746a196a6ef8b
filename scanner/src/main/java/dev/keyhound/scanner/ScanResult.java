package dev.keyhound.scanner;

import java.util.List;

/** What a scan found and what it read, skipped and could not read. */
public record ScanResult(
    List<String> targets,
    long filesScanned,
    long bytesScanned,
    long durationMs,
    List<Finding> findings,
    List<Skipped> skipped) {
  public ScanResult {
    targets = List.copyOf(targets);
    findings = List.copyOf(findings);
    skipped = List.copyOf(skipped);
  }

  /** Whether any input could not be read (exit code 3). */
  public boolean hasErrors() {
    return skipped.stream().anyMatch(s -> s.reason().isError());
  }
}
