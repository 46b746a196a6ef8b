package dev.keyhound.cli;

import picocli.CommandLine.Option;

/**
 * {@code --ledger} and {@code --verify-rps}: where remediation state lives and how hard to press
 * the issuer.
 */
class LedgerOptions {
  @Option(
      names = "--ledger",
      paramLabel = "PATH|JDBC_URL",
      description = "The remediation ledger (default: ledger.db in the keyhound state folder).")
  String ledger;

  @Option(
      names = "--verify-rps",
      paramLabel = "N",
      description = "Cap issuer requests per second (default: 0, no cap).")
  double verifyRps;
}
