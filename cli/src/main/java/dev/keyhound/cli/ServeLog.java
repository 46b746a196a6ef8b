package dev.keyhound.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code keyhound serve}'s log lines on stderr: {@code keyhound serve: MESSAGE}, or with {@code
 * --log-format json} one JSON object per line ({@code time}, {@code level}, {@code msg}) for log
 * pipelines. Messages carry key ids and redacted previews only, never a secret.
 */
final class ServeLog implements Consumer<String> {
  /** The two formats {@code --log-format} takes. */
  enum Format {
    TEXT,
    JSON;

    static Format parse(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UserError("--log-format must be text or json: " + s);
      }
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter err;
  private final Format format;
  private final Clock clock;

  ServeLog(PrintWriter err, Format format, Clock clock) {
    this.err = err;
    this.format = format;
    this.clock = clock;
  }

  @Override
  public void accept(String message) {
    line("info", message);
  }

  void warn(String message) {
    line("warn", message);
  }

  private synchronized void line(String level, String message) {
    if (format == Format.JSON) {
      err.println(
          JSON.createObjectNode()
              .put("time", clock.instant().toString())
              .put("level", level)
              .put("logger", "keyhound serve")
              .put("msg", message)
              .toString());
    } else {
      err.println("keyhound serve: " + message);
    }
    err.flush();
  }
}
