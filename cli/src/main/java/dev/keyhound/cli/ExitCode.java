package dev.keyhound.cli;

/** keyhound's exit codes, mapped in this one place; scripts rely on them. */
public enum ExitCode {
  /** Nothing found. */
  OK(0),
  /** Findings (or, for checks, "not valid"). */
  FINDINGS(1),
  /** Bad usage or configuration. */
  USAGE(2),
  /** The scan finished but some inputs could not be read (each reported on stderr). */
  PARTIAL(3),
  /** A bug, an unexpected failure, or the JVM out of memory. */
  INTERNAL(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
