package dev.keyhound.cli;

import dev.keyhound.reports.Report;
import dev.keyhound.reports.ReportFormat;
import dev.keyhound.reports.TextReport;
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

  /**
   * Refuses, before anything is scanned, a format or report file that could not be written after
   * it: an unknown format or extension, a folder that does not exist or cannot be written.
   */
  void check() {
    formats();
    for (Path p : reports) {
      Path folder = p.toAbsolutePath().getParent();
      if (folder == null || !Files.isDirectory(folder)) {
        throw new UserError("cannot write report " + p + ": folder " + folder + " does not exist");
      }
      if (!Files.isWritable(folder) || (Files.exists(p) && !Files.isWritable(p))) {
        throw new UserError("cannot write report " + p + ": permission denied");
      }
      if (Files.isDirectory(p)) {
        throw new UserError("cannot write report " + p + ": it is a folder");
      }
    }
  }

  /** Writes stdout in the chosen format, then each report file. */
  void write(Report report, PrintWriter stdout, boolean quiet) throws IOException {
    ReportFormat f = formats();
    List<ReportFormat> files = new ArrayList<>();
    for (Path p : reports) {
      files.add(ReportFormat.forFileName(p.getFileName().toString()));
    }
    writeAll(report, stdout, quiet, f, files);
  }

  /** The stdout format; every report file's extension checked too. */
  private ReportFormat formats() {
    ReportFormat f = ReportFormat.named(format);
    if (f == null) {
      throw new UserError("unknown --format: " + format + " (use " + ReportFormat.names() + ")");
    }
    for (Path p : reports) {
      ReportFormat rf = ReportFormat.forFileName(p.getFileName().toString());
      if (rf == null) {
        throw new UserError(
            "cannot tell the format of report file "
                + p
                + " from its extension (use .txt, .json, "
                + ".sarif, .jsonl, .csv, .xml or .html)");
      }
    }
    return f;
  }

  private void writeAll(
      Report report, PrintWriter stdout, boolean quiet, ReportFormat f, List<ReportFormat> files)
      throws IOException {
    if (f == ReportFormat.TEXT) {
      // --quiet: the findings only, no summary line (nothing at all when there are none).
      new TextReport(Terminal.colour(), !quiet).write(report, stdout);
    } else {
      f.writer(false).write(report, stdout);
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
