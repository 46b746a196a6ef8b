package dev.keyhound.reports;

import dev.keyhound.scanner.ScanResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of accepted finding ids (from a baseline or {@code .keyhoundignore}) and the problems met
 * reading them. Because ids are keyed hashes of rule and secret, acceptance follows the secret
 * wherever it moves, and a new secret on an old line is still reported.
 *
 * @param origin the file the ids came from, for messages
 * @param problems one line per unusable entry ({@code file:line: why}); those entries accept
 *     nothing
 */
public record FindingFilter(String origin, Set<String> ids, List<String> problems) {
  public FindingFilter {
    ids = Set.copyOf(ids);
    problems = List.copyOf(problems);
  }

  /** A filter that accepts nothing. */
  public static FindingFilter none(String origin) {
    return new FindingFilter(origin, Set.of(), List.of());
  }

  /** Both filters' ids and problems. */
  public FindingFilter and(FindingFilter other) {
    Set<String> all = new TreeSet<>(ids);
    all.addAll(other.ids);
    List<String> p = new ArrayList<>(problems);
    p.addAll(other.problems);
    return new FindingFilter(origin + ", " + other.origin, all, p);
  }

  /** The scan without the accepted findings; everything else (counts, skipped inputs) unchanged. */
  public ScanResult apply(ScanResult scan) {
    if (ids.isEmpty()) {
      return scan;
    }
    return new ScanResult(
        scan.targets(),
        scan.filesScanned(),
        scan.bytesScanned(),
        scan.durationMs(),
        scan.findings().stream().filter(f -> !ids.contains(f.id())).toList(),
        scan.skipped());
  }

  /** Whether a string looks like a finding id (hex, as the fingerprinter writes it). */
  static boolean looksLikeId(String s) {
    return s.length() >= 16
        && s.length() <= 64
        && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
}
