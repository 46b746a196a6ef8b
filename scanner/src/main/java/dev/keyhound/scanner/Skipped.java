package dev.keyhound.scanner;

import java.util.Objects;

/**
 * An input the scan passed over, and why. Errors (unreadable, corrupt, encrypted) make the scan
 * exit 3; notes (too large, binary, a limit reached) are counted in the summary.
 */
public record Skipped(String location, Reason reason, String detail) {

  /** Why an input was passed over. */
  public enum Reason {
    UNREADABLE(true),
    CORRUPT(true),
    ENCRYPTED(true),
    TOO_LARGE(false),
    BINARY(false),
    LIMIT(false),
    /** A git submodule, not entered: its repository is another's, fetched from elsewhere. */
    SUBMODULE(false),
    /** A shallow clone's history, cut short: told on stderr, but not an error. */
    SHALLOW(false, true);

    private final boolean error;
    private final boolean shown;

    Reason(boolean error) {
      this(error, error);
    }

    Reason(boolean error, boolean shown) {
      this.error = error;
      this.shown = shown;
    }

    /** Whether a scan tells of this on stderr without {@code --verbose} (errors, a cut history). */
    public boolean isShown() {
      return shown;
    }

    /** Whether this reason means something could not be read (exit code 3). */
    public boolean isError() {
      return error;
    }
  }

  public Skipped {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
  }

  /** One line for stderr: {@code location: reason: detail}. */
  public String describe() {
    String r = reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    // Printed on stderr: a hostile file name must not reach the terminal as control characters.
    String where = Printable.escape(location);
    return detail.isEmpty() ? where + ": " + r : where + ": " + r + ": " + Printable.escape(detail);
  }
}
