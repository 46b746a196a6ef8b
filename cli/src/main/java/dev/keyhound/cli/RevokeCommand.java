package dev.keyhound.cli;

import dev.keyhound.remediation.Ledger;
import dev.keyhound.remediation.LedgerEntry;
import dev.keyhound.remediation.RemediationException;
import dev.keyhound.remediation.RemediationSettings;
import dev.keyhound.remediation.State;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound revoke <finding-id> [--approve]}: a security engineer revokes, or approves
 * revoking, one key.
 */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revoke one leaked key now; keys the policy holds for approval need --approve.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:revoked (and, where the issuer already says so, confirmed dead)",
      "1:not revoked yet (see the message; keyhound remediate retries)",
      "2:usage, unknown id or approval needed"
    })
final class RevokeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;
  @Mixin RemediationOptions options;

  @Parameters(
      paramLabel = "FINDING-ID",
      description = "The finding id (or its first characters) from a report.")
  String findingId;

  @Option(
      names = "--approve",
      description = "Approve the revocation of a key the policy holds for a person.")
  boolean approve;

  @Override
  public Integer call() {
    Path file = options.configFile();
    RemediationSettings settings = RemediationRun.settings(file);
    try (Ledger ledger = RemediationRun.openLedger(options.ledger)) {
      LedgerEntry e =
          RemediationRun.remediator(
                  settings, file, ledger, options, spec.commandLine().getErr(), logging.quiet)
              .revokeOne(findingId, approve);
      spec.commandLine().getOut().println(e.findingId() + "  " + e.keyId() + "  " + e.state());
      return e.state().equals(State.CONFIRMED_DEAD) || e.state().equals(State.REVOKED)
          ? ExitCode.OK.code()
          : ExitCode.FINDINGS.code();
    } catch (RemediationException e) {
      throw new UserError(e.getMessage());
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(options.ledger, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted", ExitCode.INTERNAL, e);
    }
  }
}
