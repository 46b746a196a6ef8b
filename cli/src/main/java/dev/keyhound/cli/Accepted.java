package dev.keyhound.cli;

import dev.keyhound.reports.Baseline;
import dev.keyhound.reports.FindingFilter;
import dev.keyhound.reports.Ignores;
import dev.keyhound.scanner.ScanResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Drops the findings people have accepted: ids in {@code .keyhoundignore} at each target's root and
 * in {@code --baseline}.
 */
final class Accepted {
  private Accepted() {}

  /**
   * The ids of {@code --baseline}, read before scanning so a wrong path fails at once; none without
   * one.
   */
  static FindingFilter baseline(Path baseline) {
    if (baseline == null) {
      return FindingFilter.none("no baseline");
    }
    if (!Files.isRegularFile(baseline)) {
      throw new UserError("baseline file not found: " + baseline);
    }
    try {
      return Baseline.read(baseline);
    } catch (Baseline.BaselineException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
  }

  /** The scan without accepted findings; unusable entries and the number left out go to stderr. */
  static ScanResult apply(
      ScanResult scan,
      FindingFilter baseline,
      List<Path> targets,
      PrintWriter err,
      LoggingOptions logging) {
    if (!baseline.ids().isEmpty()
        && !scan.findings().isEmpty()
        && scan.findings().stream().noneMatch(f -> baseline.ids().contains(f.id()))) {
      // Every finding comes back as new: most likely the baseline's ids were made with another
      // id key than this run's, which is worth saying before the exit code says "findings".
      err.println(
          "keyhound: warning: none of the "
              + baseline.ids().size()
              + " ids in the baseline ("
              + baseline.origin()
              + ") matches any of this scan's "
              + scan.findings().size()
              + " finding(s); was it made with another id key ([ids] key_env)?");
    }
    FindingFilter filter = baseline;
    for (Path t : targets) {
      filter = filter.and(Ignores.load(t));
    }
    filter.problems().forEach(p -> err.println("keyhound: " + p));
    ScanResult kept = filter.apply(scan);
    int left = scan.findings().size() - kept.findings().size();
    if (left > 0 && !logging.quiet) {
      err.println(
          "keyhound: "
              + left
              + " accepted finding(s) not reported (baseline or "
              + Ignores.FILE_NAME
              + ")");
    }
    err.flush();
    return kept;
  }
}
