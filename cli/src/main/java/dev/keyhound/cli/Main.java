package dev.keyhound.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code keyhound} command: parses arguments, runs a subcommand and maps failures to exit
 * codes.
 */
@Command(
    name = "keyhound",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Find leaked API keys in code, history and documents; verify, revoke and notify.",
    subcommands = {
      ScanCommand.class,
      KeysCommand.class,
      RulesCommand.class,
      BaselineCommand.class,
      ProtectCommand.class,
      HookCommand.class,
      RemediateCommand.class,
      RevokeCommand.class,
      FleetCommand.class,
      ReportCommand.class,
      StatusCommand.class,
      ServeCommand.class,
      DevIssuerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw Usage.error(spec, "missing command: try 'keyhound scan .'");
  }

  public static void main(String[] args) {
    start(args, false);
  }

  /**
   * Starts keyhound as {@link #main} does and exits with its code; {@code allByPicocli} has picocli
   * parse the hook's own forms too (the test that compares both paths).
   */
  static void start(String[] args, boolean allByPicocli) {
    if (HookEntry.handles(args)) {
      HookEntry.startRulesEarly();
    } else if (args.length > 0 && args[0].equals("scan")) {
      ScanEntry.prepareEarly();
    }
    OutOfMemory.installHandler();
    HeapGrowth.startIfAsked();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(allByPicocli ? runWithPicocli(args, out, err) : run(args, out, err));
  }

  /**
   * Runs keyhound in-process with the given streams and returns the exit code (tests call this).
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    try {
      return runCommand(args, out, err);
    } catch (OutOfMemoryError e) {
      return OutOfMemory.report(err);
    }
  }

  private static int runCommand(String[] args, PrintWriter out, PrintWriter err) {
    Integer own = HookEntry.runWithoutPicocli(args, err);
    if (own == null) {
      own = ScanEntry.runWithoutPicocli(args, out, err);
    }
    return own != null ? own : runWithPicocli(args, out, err);
  }

  /** Parses and runs the arguments with picocli (every form but a hook's own). */
  static int runWithPicocli(String[] args, PrintWriter out, PrintWriter err) {
    return runWithPicocli(commandLineFor(args), args, out, err);
  }

  /** Parses and runs the arguments with this command line, mapping failures to exit codes. */
  static int runWithPicocli(CommandLine cl, String[] args, PrintWriter out, PrintWriter err) {
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("keyhound: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return ExitCode.USAGE.code();
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          boolean verbose =
              parseResult.originalArgs().contains("--verbose")
                  || parseResult.originalArgs().contains("-v");
          return failed(ex, verbose, err);
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The command line that parses {@code args}. Picocli builds the model of every subcommand its
   * root names before it parses anything, by reflection over their annotated fields, mostly
   * interpreted: building all thirteen cost each start of {@code scan} ~100 ms of CPU. When the
   * first argument names a subcommand, the root knows only that one, and its parse, help and errors
   * are those of the whole tree ({@code OneCommandTest} compares them); anything else (no argument,
   * an option first, {@code help}, a typo, which picocli answers with the names it knows) gets the
   * whole tree.
   */
  static CommandLine commandLineFor(String[] args) {
    if (args.length > 0) {
      for (Class<?> type : Main.class.getAnnotation(Command.class).subcommands()) {
        if (type != CommandLine.HelpCommand.class
            && type.getAnnotation(Command.class).name().equals(args[0])) {
          return new CommandLine(new OneCommand()).addSubcommand(new CommandLine(type));
        }
      }
    }
    return new CommandLine(new Main());
  }

  /**
   * The root {@link #commandLineFor} gives a single subcommand. Never run, and its options never
   * parsed: the first argument is the subcommand's name, so only the name shows (in usage lines).
   */
  @Command(name = "keyhound")
  static final class OneCommand {}

  /**
   * What a command that threw says and exits with, whether picocli ran it or {@link HookEntry} did.
   */
  static int failed(Exception ex, boolean verbose, PrintWriter err) {
    if (OutOfMemory.is(ex)) {
      return OutOfMemory.report(err);
    }
    if (ex instanceof UserError u) {
      err.println("keyhound: " + u.getMessage());
      if (verbose && u.getCause() != null) {
        u.getCause().printStackTrace(err);
      }
      err.flush();
      return u.exitCode().code();
    }
    err.println("keyhound: internal error: " + ex);
    if (verbose) {
      ex.printStackTrace(err);
    } else {
      err.println("Run again with --verbose for details.");
    }
    err.flush();
    return ExitCode.INTERNAL.code();
  }
}
