package dev.keyhound.cli;

import dev.keyhound.rules.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The way in for git hooks, which run {@code keyhound protect} on every commit. Picocli's classes
 * cannot go in the class data sharing archive (they are Java 5 class files) and building its model
 * costs ~0.3 s, so the plain forms a hook uses are parsed by hand; anything else (help, a typo)
 * goes to picocli, which knows only {@code protect} here.
 */
@Command(
    name = "keyhound",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    subcommands = {ProtectCommand.class})
final class HookEntry implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
   * Runs {@code protect} when the arguments are only {@code --staged} or {@code --pre-push}, {@code
   * --repo DIR}, {@code -q} and {@code -v}; returns null for anything else so that picocli parses
   * it and explains.
   */
  static Integer runWithoutPicocli(String[] args, PrintWriter err) {
    ProtectCommand c = new ProtectCommand();
    c.logging = new LoggingOptions();
    c.mode = new ProtectCommand.Mode();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--staged" -> c.mode.staged = true;
        case "--pre-push" -> c.mode.prePush = true;
        case "-q", "--quiet" -> c.logging.quiet = true;
        case "-v", "--verbose" -> c.logging.verbose = true;
        case "--repo" -> {
          if (i + 1 == args.length) {
            return null;
          }
          c.repo = Path.of(args[++i]);
        }
        default -> {
          return null;
        }
      }
    }
    if (c.mode.staged == c.mode.prePush) {
      return null;
    }
    try {
      return c.check(err);
    } catch (UserError u) {
      err.println("keyhound: " + u.getMessage());
      return u.exitCode().code();
    } catch (Exception | StackOverflowError e) {
      err.println("keyhound: internal error: " + e);
      if (c.logging.verbose) {
        e.printStackTrace(err);
      }
      return ExitCode.INTERNAL.code();
    } finally {
      err.flush();
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }
}
