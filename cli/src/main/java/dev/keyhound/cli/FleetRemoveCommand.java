package dev.keyhound.cli;

import dev.keyhound.remediation.FleetInventory;
import dev.keyhound.remediation.Ledger;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keyhound fleet remove}: takes repositories out of the inventory (their findings stay). */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    description =
        "Remove repositories from the fleet (findings and their remediation stay in the ledger).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:all removed", "2:some were not in the inventory (each is named)"})
final class FleetRemoveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;
  @Mixin FleetLedgerOption ledgerOption;

  @Parameters(paramLabel = "URL", arity = "1..*", description = "Repositories as listed.")
  List<String> urls = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    int removed = 0;
    int missing = 0;
    try (Ledger l = RemediationRun.openLedger(ledgerOption.ledger)) {
      FleetInventory inventory = new FleetInventory(l);
      for (String url : urls) {
        if (inventory.remove(FleetAddCommand.normalise(url))) {
          removed++;
        } else {
          missing++;
          err.println("keyhound: not in the fleet: " + url);
        }
      }
    } catch (SQLException e) {
      throw RemediationRun.ledgerError(ledgerOption.ledger, e);
    }
    if (!logging.quiet) {
      err.println("keyhound: removed " + removed + " repositories");
    }
    return missing == 0 ? ExitCode.OK.code() : ExitCode.USAGE.code();
  }
}
