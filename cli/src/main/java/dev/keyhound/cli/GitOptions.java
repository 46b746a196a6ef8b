package dev.keyhound.cli;

import picocli.CommandLine.Option;

/** The history options of {@code keyhound scan}: which part of a repository's history to read. */
public final class GitOptions {
  @Option(
      names = "--no-worktree",
      description = "Scan a repository's history only, not its uncommitted files.")
  boolean noWorktree;

  @Option(
      names = "--since",
      paramLabel = "REV",
      description =
          "Scan only commits not reachable from REV (e.g. origin/main for a pull request).")
  String since;

  @Option(
      names = "--branch",
      paramLabel = "REF",
      description = "Scan only the history of this ref.")
  String branch;

  @Option(
      names = "--incremental",
      description =
          "Remember scanned commits per repository and ref (in the state folder); scan only new ones.")
  boolean incremental;

  /** Whether any option needs git history (and so conflicts with --no-git). */
  boolean anyHistoryOption() {
    return noWorktree || since != null || branch != null || incremental;
  }
}
