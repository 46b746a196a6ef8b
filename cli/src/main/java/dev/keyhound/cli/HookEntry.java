package dev.keyhound.cli;

import dev.keyhound.rules.RuleSet;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The way in for git hooks, which run {@code keyhound protect} on every commit. Loading picocli's
 * classes and building its model, mostly interpreted, would be the largest step of a clean commit's
 * check, so the plain forms a hook uses are parsed by hand; anything else (help, a typo) goes to
 * picocli, which then knows only {@code protect} ({@link Main#commandLineFor}).
 */
final class HookEntry {
  private HookEntry() {}

  /** The built-in rules, started by {@link #startRulesEarly}; taken once. */
  private static volatile Background<RuleSet> early;

  /**
   * Starts reading the built-in rules first thing in {@code main}, before the rest of the start-up
   * (the uncaught-exception handler, argument parsing): reading them is the longest step of a clean
   * hook run, on the second core.
   */
  static void startRulesEarly() {
    early = ProtectCommand.startBuiltinRules();
  }

  /** The rules {@link #startRulesEarly} started, or null; later calls get null. */
  static Background<RuleSet> takeEarlyRules() {
    Background<RuleSet> b = early;
    early = null;
    return b;
  }

  /** Whether these arguments run {@code protect}, the only command this entry knows. */
  static boolean handles(String[] args) {
    return args.length > 0 && args[0].equals("protect");
  }

  /**
   * Runs {@code protect} when the arguments are exactly what the installed hooks and the pre-commit
   * framework's manifest pass ({@code protect --staged}, {@code protect --pre-push}), or one of
   * those with a configuration file ({@code --config FILE} or {@code --config=FILE}, before or
   * after the flag, as a hook whose rules are kept elsewhere than {@code .keyhound.toml} runs it);
   * returns null for anything else, which picocli then parses. Only these forms: each gives
   * picocli's defaults for every other option, so the outcome is the one picocli's run would have,
   * byte for byte ({@code HookEntryTest} runs both), and no form picocli rejects (a repeated flag,
   * an option value that looks like a flag, an {@code @file} argument, a path the file system
   * refuses) can slip past it.
   */
  static Integer runWithoutPicocli(String[] args, PrintWriter err) {
    if (args.length < 2 || args.length > 4 || !handles(args)) {
      return null;
    }
    String flag;
    String configValue = null;
    if (args.length == 2) {
      flag = args[1];
    } else if (args.length == 3) {
      boolean first = args[1].startsWith(CONFIG_EQ);
      flag = first ? args[2] : args[1];
      String option = first ? args[1] : args[2];
      if (!option.startsWith(CONFIG_EQ)) {
        return null;
      }
      configValue = option.substring(CONFIG_EQ.length());
    } else {
      boolean first = args[1].equals(CONFIG);
      flag = first ? args[3] : args[1];
      if (!(first ? args[1] : args[2]).equals(CONFIG)) {
        return null;
      }
      configValue = first ? args[2] : args[3];
    }
    Path config = null;
    if (configValue != null) {
      config = plainPath(configValue);
      if (config == null) {
        return null;
      }
    }
    ProtectCommand c = new ProtectCommand();
    c.logging = new LoggingOptions();
    c.mode = new ProtectCommand.Mode();
    c.config = config;
    switch (flag) {
      case "--staged" -> c.mode.staged = true;
      case "--pre-push" -> c.mode.prePush = true;
      default -> {
        return null;
      }
    }
    try {
      return c.check(err);
    } catch (Exception e) {
      return Main.failed(e, false, err);
    } catch (StackOverflowError e) {
      // picocli lets an Error out (the JVM would print it and exit 1, which reads as "findings").
      err.println("keyhound: internal error: " + e);
      return ExitCode.INTERNAL.code();
    } finally {
      err.flush();
    }
  }

  private static final String CONFIG = "--config";
  private static final String CONFIG_EQ = CONFIG + "=";

  /**
   * The path a {@code --config} value names, as picocli's converter makes it ({@link Path#of}), or
   * null for a value picocli should see: empty, one that may be read as an option or an argument
   * file ({@code -x}, {@code @x}), or one the file system refuses (picocli names it in its usage
   * error).
   */
  static Path plainPath(String value) {
    if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
