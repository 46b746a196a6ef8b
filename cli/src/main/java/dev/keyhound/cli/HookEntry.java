package dev.keyhound.cli;

import dev.keyhound.rules.RuleSet;
import java.io.PrintWriter;

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
   * framework's manifest pass ({@code protect --staged}, {@code protect --pre-push}); returns null
   * for anything else, which picocli then parses. Only these two forms: each gives picocli's
   * defaults for every other option, so the outcome is the one picocli's run would have, byte for
   * byte ({@code HookEntryTest} runs both), and no form picocli rejects (a repeated flag, an option
   * value that looks like a flag) can slip past it.
   */
  static Integer runWithoutPicocli(String[] args, PrintWriter err) {
    if (args.length != 2 || !handles(args)) {
      return null;
    }
    ProtectCommand c = new ProtectCommand();
    c.logging = new LoggingOptions();
    c.mode = new ProtectCommand.Mode();
    switch (args[1]) {
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
}
