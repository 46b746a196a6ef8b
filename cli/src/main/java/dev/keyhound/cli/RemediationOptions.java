package dev.keyhound.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config}, {@code --ledger} and {@code --verify-rps} for the commands that work on the
 * ledger.
 */
final class RemediationOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file ([issuer], [remediation], [[hooks]]). Default: .keyhound.toml here.")
  Path config;

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

  /** The config file actually used, or null. */
  Path configFile() {
    return Config.load(config, Path.of(".")).file();
  }
}
