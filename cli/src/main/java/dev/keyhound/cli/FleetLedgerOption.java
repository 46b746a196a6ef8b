package dev.keyhound.cli;

import picocli.CommandLine.Option;

/**
 * {@code --ledger} for fleet commands; defaults to {@code $KEYHOUND_LEDGER} so a pod takes the URL
 * (and its password) from a Secret rather than from its command line.
 */
final class FleetLedgerOption {
  @Option(
      names = "--ledger",
      paramLabel = "PATH|JDBC_URL",
      defaultValue = "${env:KEYHOUND_LEDGER}",
      description =
          "The shared ledger, e.g. jdbc:postgresql://db:5432/keyhound?user=... (default:"
              + " $KEYHOUND_LEDGER, else ledger.db in the state folder).")
  String ledger;
}
