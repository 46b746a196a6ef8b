package dev.keyhound.cli;

/**
 * An expected failure (bad flag value, unreadable config): printed as one line, exit code {@link
 * ExitCode#USAGE} unless given.
 */
public final class UserError extends RuntimeException {
  private final ExitCode exitCode;

  public UserError(String message) {
    this(message, ExitCode.USAGE, null);
  }

  public UserError(String message, ExitCode exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
