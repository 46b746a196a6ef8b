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
    try (Ledger ledger = RemediationRun.openExistingLedger(options.ledger)) {
      LedgerEntry e =
          RemediationRun.remediator(
                  settings, file, ledger, options, spec.commandLine().getErr(), logging.quiet)
              .revokeOne(findingId, approve);
      spec.commandLine().getOut().println(e.findingId() + "  " + e.keyId() + "  " + e.state());
      if (e.state().equals(State.CONFIRMED_DEAD) || e.state().equals(State.REVOKED)) {
        return ExitCode.OK.code();
      }
      // Never a silent failure: say what state the key is left in and what happens next.
      spec.commandLine()
          .getErr()
          .println(
              "keyhound: "
                  + e.findingId()
                  + " is not revoked yet: it is "
                  + e.state()
                  + (e.state().equals(State.FAILED)
                      ? " (the issuer refused or kept failing; see keyhound status)"
                      : " (the issuer has not confirmed the revocation; keyhound remediate"
                          + " retries it)"));
      return ExitCode.FINDINGS.code();
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
