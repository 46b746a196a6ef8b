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
    Integer hook = HookEntry.runWithoutPicocli(args, err);
    return hook != null ? hook : runWithPicocli(args, out, err);
  }

  /** Parses and runs the arguments with picocli (every form but a hook's own). */
  static int runWithPicocli(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(HookEntry.handles(args) ? new HookEntry() : new Main());
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
