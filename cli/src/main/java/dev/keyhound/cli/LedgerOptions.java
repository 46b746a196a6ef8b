package dev.keyhound.cli;

import picocli.CommandLine.Option;

/**
 * {@code --ledger}, {@code --verify-rps} and {@code --verify-concurrency}: where remediation state
 * lives and how hard to press the issuer.
 */
class LedgerOptions {
  @Option(
      names = "--ledger",
      paramLabel = "PATH|JDBC_URL",
      defaultValue = "${env:KEYHOUND_LEDGER}",
      description =
          "The remediation ledger (default: $KEYHOUND_LEDGER, else ledger.db in the keyhound state"
              + " folder).")
  String ledger;

  @Option(
      names = "--verify-rps",
      paramLabel = "N",
      description = "Cap issuer requests per second (default: 0, no cap).")
  double verifyRps;

  @Option(
      names = "--verify-concurrency",
      paramLabel = "N",
      description =
          "Issuer requests in flight at once (default: ${DEFAULT-VALUE}); --verify-rps still caps"
              + " the rate.")
  int verifyConcurrency = DEFAULT_VERIFY_CONCURRENCY;

  static final int DEFAULT_VERIFY_CONCURRENCY = 16;
}
