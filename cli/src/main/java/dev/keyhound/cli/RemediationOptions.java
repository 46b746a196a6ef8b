package dev.keyhound.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config}, {@code --ledger} and {@code --verify-rps} for the commands that work on the
 * ledger.
 */
final class RemediationOptions extends LedgerOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file ([issuer], [remediation], [[hooks]]). Default: .keyhound.toml here.")
  Path config;

  /** The config file actually used, or null. */
  Path configFile() {
    return Config.locate(config, Path.of("."));
  }
}
