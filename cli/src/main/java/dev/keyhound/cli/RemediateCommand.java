package dev.keyhound.cli;

import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.RemediationSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound remediate}: resumes pending verification, revocation and notification from the
 * ledger.
 */
@Command(
    name = "remediate",
    mixinStandardHelpOptions = true,
    description =
        "Resume pending work from the ledger: retry verifications, revoke, confirm dead, deliver events.")
final class RemediateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;
  @Mixin RemediationOptions options;

  @Override
  public Integer call() {
    Path file = options.configFile();
    RemediationSettings settings = RemediationRun.settings(file);
    try (Ledger ledger = RemediationRun.openExistingLedger(options.ledger)) {
      RemediationRun.remediator(
              settings, file, ledger, options, spec.commandLine().getErr(), logging.quiet)
          .resume();
      if (!logging.quiet) {
        StatusCommand.printText(ledger, spec.commandLine().getOut());
      }
      return ExitCode.OK.code();
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(options.ledger, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted", ExitCode.INTERNAL, e);
    }
  }
}
