package dev.keyhound.scanner.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the user's own {@code git} for the pre-commit check, which git itself starts: reading the
 * index through it costs a few milliseconds where opening the repository with JGit costs ~0.1 s of
 * a hook's start. Only plumbing that executes nothing from the repository is run (no hooks,
 * filters, external diff or textconv, no fsmonitor), and only for {@code protect --staged}; {@code
 * scan} reads untrusted repositories with JGit.
 */
public final class GitCli {
  /**
   * Settings that could make a read-only git command run a program named by the repository's
   * config.
   */
  private static final List<String> SAFE =
      List.of("-c", "core.fsmonitor=false", "-c", "core.quotePath=false");

  /**
   * Git's environment for locating the repository; relative values are resolved from our own
   * folder.
   */
  private static final List<String> PATH_VARIABLES =
      List.of(
          "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR");

  private GitCli() {}

  /**
   * Starts {@code git ARGS} in {@code dir}, stderr discarded; throws when git cannot be started.
   */
  static Process start(Path dir, String... args) throws IOException {
    return start(dir, List.of(), args);
  }

  /** As {@link #start(Path, String...)}, with git options ({@code -c name=value}) before ARGS. */
  static Process start(Path dir, List<String> options, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(SAFE);
    command.addAll(options);
    command.addAll(List.of(args));
    ProcessBuilder b =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    Map<String, String> env = b.environment();
    for (String name : PATH_VARIABLES) {
      String value = env.get(name);
      // A hook gets GIT_DIR=.git relative to where git started it; git resolves it from the folder
      // we give it.
      if (value != null && !value.isEmpty() && !new File(value).isAbsolute()) {
        env.put(name, new File(value).getAbsolutePath());
      }
    }
    // Reading must not take the index lock that the running commit holds, nor refresh the index.
    env.put("GIT_OPTIONAL_LOCKS", "0");
    return b.start();
  }

  /**
   * The command line of the staged diff that {@code protect --staged} reads (see {@link
   * CliStagedReader}), which the launcher scripts also run before the JVM starts: they must agree.
   */
  public static List<String> stagedDiffCommand() {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(SAFE);
    command.addAll(CliStagedReader.DIFF_OPTIONS);
    command.addAll(List.of(CliStagedReader.DIFF_ARGS));
    return command;
  }

  /**
   * The output of {@code git ARGS} in {@code dir}, or null when git is missing or the command
   * fails.
   */
  static byte[] output(Path dir, String... args) {
    try {
      Process p = start(dir, args);
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * The top of the work tree holding {@code dir}, as git finds it, or null (no git, not in a work
   * tree). Found without running git where the layout is plain (see {@link WorkTreeTop}).
   */
  public static Path topLevel(Path dir) {
    Path found = WorkTreeTop.find(dir, System.getenv());
    return found != null ? found : askGit(dir);
  }

  private static Path askGit(Path dir) {
    byte[] out = output(dir, "rev-parse", "--show-toplevel");
    if (out == null) {
      return null;
    }
    String top = new String(out, java.nio.charset.StandardCharsets.UTF_8).strip();
    return top.isEmpty() ? null : Path.of(top);
  }
}
