package dev.keyhound.reports;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints how long each writer takes for N findings of 3 occurrences each, and the file sizes (run
 * by bench.sh).
 */
public final class ReportBench {
  private ReportBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Report report = report(n, 12);
    write(n, report);
  }

  /** N findings of 3 occurrences each (two files, one commit) over {@code rules} rules. */
  static Report report(int n, int rules) {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = String.format(Locale.ROOT, "%032x", i);
      List<Occurrence> occ = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        Provenance p =
            j == 2
                ? new Provenance.Git(
                    "acme/repo" + (i % 7),
                    "src/f" + i + ".env",
                    String.format("%040x", i),
                    "A",
                    "a@x",
                    Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 3600L),
                    List.of("refs/heads/main"))
                : new Provenance.File("dir " + (i % 50) + "/file," + i + "-" + j + ".env");
        occ.add(new Occurrence(id + j, p, "blob" + i, 10 + j, 5));
      }
      findings.add(
          new Finding(
              id,
              "rule-" + (i % rules),
              "Rule " + (i % rules),
              "sk_live_" + id + "abcdef",
              true,
              4.5,
              occ));
    }
    Report report =
        new Report(
            "keyhound",
            "bench",
            new ScanResult(List.of("."), n, n * 100L, 1, findings, List.of()),
            Map.of(),
            false,
            Instant.parse("2026-11-26T12:00:00Z"));
    return report;
  }

  private static void write(int n, Report report) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "bench"));
    System.out.printf(Locale.ROOT, "%d findings, %d occurrences%n", n, n * 3);
    for (ReportFormat f : ReportFormat.values()) {
      Path file = dir.resolve("bench." + f.extension());
      long best = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        try (Writer w = Files.newBufferedWriter(file)) {
          f.writer(false).write(report, w);
        }
        best = Math.min(best, System.nanoTime() - t0);
      }
      System.out.printf(
          Locale.ROOT, "%-6s %8.1f ms  %10d bytes%n", f.formatName(), best / 1e6, Files.size(file));
    }
  }
}
