package dev.keyhound.cli;

import dev.keyhound.rules.KeyFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keyhound keys}: mint and check keys of the issuer's format. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Mint or check issuer-format keys.",
    subcommands = {KeysCommand.Mint.class, KeysCommand.Check.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command: mint or check");
  }

  /** The issuer format of {@code --config}, else of {@code ./.keyhound.toml}, else the default. */
  static KeyFormat format(java.nio.file.Path config) {
    return Config.load(config, java.nio.file.Path.of(".")).rules().issuerFormat();
  }

  /**
   * What both subcommands take: the config that names the issuer's format, and the logging flags.
   */
  abstract static class OnIssuerFormat implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin LoggingOptions logging;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Take [issuer.format] from FILE (default: ./.keyhound.toml).")
    java.nio.file.Path config;
  }

  /** Prints a freshly minted key. */
  @Command(
      name = "mint",
      mixinStandardHelpOptions = true,
      description = "Print a new issuer-format key.")
  static final class Mint extends OnIssuerFormat {
    @Option(names = "--test", description = "Mint a test-mode key (second prefix, sk_test_).")
    boolean test;

    @Override
    public Integer call() {
      KeyFormat f = format(config);
      String prefix = f.prefixes().get(test && f.prefixes().size() > 1 ? 1 : 0);
      spec.commandLine().getOut().println(f.mint(prefix));
      return ExitCode.OK.code();
    }
  }

  /** Says whether a value is a well-formed issuer key with a valid checksum. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Check a value's shape and checksum (exit 0 valid, 1 not).")
  static final class Check extends OnIssuerFormat {
    @Parameters(paramLabel = "VALUE", description = "The key to check.")
    String value;

    @Override
    public Integer call() {
      KeyFormat f = format(config);
      KeyFormat.Validity v = f.check(value.strip());
      String what =
          switch (v) {
            case VALID -> "valid: issuer key shape and checksum";
            case BAD_CHECKSUM -> "invalid: issuer key shape, bad checksum";
            case NOT_THIS_FORMAT ->
                "invalid: not an issuer key (prefix "
                    + String.join(" or ", f.prefixes())
                    + " + "
                    + f.tailLength()
                    + " base62 characters)";
          };
      if (!logging.quiet) {
        spec.commandLine().getOut().println(what);
      }
      return v == KeyFormat.Validity.VALID ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }
  }
}
