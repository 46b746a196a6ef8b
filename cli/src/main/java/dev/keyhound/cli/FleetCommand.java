package dev.keyhound.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code keyhound fleet}: the repositories of an organization, scanned by pulling workers. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description =
        "Scan every repository of an organization: an inventory in the ledger database, and workers"
            + " (one per pod) that claim due repositories until none is left.",
    subcommands = {
      FleetAddCommand.class,
      FleetListCommand.class,
      FleetRemoveCommand.class,
      FleetWorkCommand.class
    })
final class FleetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: add, list, remove or work");
  }
}
