package dev.keyhound.cli;

import dev.keyhound.reports.Report;
import dev.keyhound.reports.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --format}, {@code --report} and {@code --show-secrets}: where and how findings are
 * written.
 */
public final class ReportOptions {
  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description =
          "Format on standard output: text (default), json, sarif, jsonl, csv, junit (or xml), html.")
  String format = "text";

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Also write a report file; the format comes from its extension (.txt .json .sarif .jsonl "
              + ".csv .xml .html). Repeatable: --report out.sarif --report out.html.")
  List<Path> reports = new ArrayList<>();

  @Option(
      names = "--show-secrets",
      description = "Print raw secret values (they are redacted by default).")
  boolean showSecrets;

  /** Writes stdout in the chosen format, then each report file. */
  void write(Report report, PrintWriter stdout, boolean quiet) throws IOException {
    ReportFormat f = ReportFormat.named(format);
    if (f == null) {
      throw new UserError("unknown --format: " + format + " (use " + ReportFormat.names() + ")");
    }
    List<ReportFormat> files = new ArrayList<>();
    for (Path p : reports) {
      ReportFormat rf = ReportFormat.forFileName(p.getFileName().toString());
      if (rf == null) {
        throw new UserError(
            "cannot tell the format of report file "
                + p
                + " from its extension (use .txt, .json, "
                + ".sarif, .jsonl, .csv, .xml or .html)");
      }
      files.add(rf);
    }
    if (!(quiet && f == ReportFormat.TEXT && report.scan().findings().isEmpty())) {
      f.writer(f == ReportFormat.TEXT && Terminal.colour()).write(report, stdout);
    }
    stdout.flush();
    for (int i = 0; i < reports.size(); i++) {
      Path p = reports.get(i);
      try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
        files.get(i).writer(false).write(report, w);
      } catch (IOException e) {
        throw new UserError("cannot write report " + p + ": " + e.getMessage(), ExitCode.USAGE, e);
      }
    }
  }
}
