package dev.keyhound.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keyhound hook}: manage the git hooks that run {@code keyhound protect}. */
@Command(
    name = "hook",
    mixinStandardHelpOptions = true,
    description = "Manage keyhound's git hooks.",
    subcommands = {HookCommand.Install.class})
final class HookCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: try 'keyhound hook install'");
  }

  /**
   * {@code keyhound hook install}: write the pre-commit (or pre-push) hook into the current
   * repository.
   */
  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description =
          "Install a pre-commit hook (or pre-push with --pre-push) running 'keyhound protect'."
              + " Honours core.hooksPath.")
  static final class Install implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--pre-push",
        description = "Install the pre-push hook instead of the pre-commit hook.")
    boolean prePush;

    @Option(names = "--force", description = "Replace a hook that is not keyhound's.")
    boolean force;

    @Option(names = "--chain", description = "Keep an existing hook and run it before keyhound.")
    boolean chain;

    @Option(
        names = "--repo",
        paramLabel = "DIR",
        description = "The repository (default: the current folder).")
    Path repo = Path.of(".");

    @Override
    public Integer call() {
      if (force && chain) {
        throw new UserError("--force replaces the existing hook and --chain keeps it: choose one");
      }
      HookInstaller.Installed done =
          new HookInstaller(Launcher.current())
              .install(
                  repo,
                  prePush ? HookInstaller.Kind.PRE_PUSH : HookInstaller.Kind.PRE_COMMIT,
                  force,
                  chain);
      spec.commandLine().getOut().println("keyhound: installed " + done.describe());
      return ExitCode.OK.code();
    }
  }
}
