package dev.keyhound.cli;

import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --verbose}, shared by every command. */
public final class LoggingOptions {
  @Option(
      names = {"-q", "--quiet"},
      description = "Print only findings and errors; no progress or summaries.")
  public boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print details, and stack traces on errors.")
  public boolean verbose;
}
