package dev.keyhound.cli;

import dev.keyhound.reports.Baseline;
import dev.keyhound.reports.Report;
import dev.keyhound.scanner.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keyhound baseline}: accept today's findings so that only new leaks fail the build. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description =
        "Record the findings a repository already has, so 'scan --baseline' reports only new ones.",
    subcommands = {BaselineCommand.Create.class})
final class BaselineCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: try 'keyhound baseline create'");
  }

  /**
   * {@code keyhound baseline create}: scans like {@code scan} (same options) and writes the finding
   * ids.
   */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Scan (same options as 'keyhound scan') and write a baseline of every finding it makes: ids "
              + "and rule ids, never secrets. The findings being accepted are printed as 'scan' prints them "
              + "(--format, --report); --baseline is not applied.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {
        "0:baseline written",
        "2:usage or configuration error",
        "3:baseline written but some inputs could not be read",
        "4:internal error"
      })
  static final class Create extends ScanCommand {
    static final String DEFAULT_OUTPUT = ".keyhound-baseline.json";

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Where to write the baseline (default: " + DEFAULT_OUTPUT + ").")
    Path output = Path.of(DEFAULT_OUTPUT);

    @Option(
        names = "--no-preview",
        description = "Leave out the redacted previews (sk_live_…Y1e4): ids and rule ids only.")
    boolean noPreview;

    @Override
    public Integer call() throws Exception {
      ScanResult result = scan();
      reportOptions.write(
          new Report(
              Version.NAME,
              Version.get(),
              result,
              Map.of(),
              reportOptions.showSecrets,
              Instant.now()),
          spec.commandLine().getOut(),
          logging.quiet);
      try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        Baseline.write(result, w, !noPreview);
      } catch (IOException e) {
        throw new UserError(
            "cannot write baseline " + output + ": " + e.getMessage(), ExitCode.USAGE, e);
      }
      if (!logging.quiet) {
        // stderr, so that --format json on stdout stays one JSON document.
        spec.commandLine()
            .getErr()
            .println(
                "keyhound: wrote "
                    + result.findings().size()
                    + " finding id(s) to "
                    + output
                    + "; use it with 'keyhound scan --baseline "
                    + output
                    + "'");
        spec.commandLine().getErr().flush();
      }
      return result.hasErrors() ? ExitCode.PARTIAL.code() : ExitCode.OK.code();
    }
  }
}
