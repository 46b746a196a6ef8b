package dev.keyhound.scanner.git;

import java.util.List;
import java.util.Objects;

/**
 * Which part of a repository's history a scan covers.
 *
 * @param refs the refs or revisions to start from; empty means every ref (branches, tags, remotes,
 *     stash, notes)
 * @param excludes revisions whose reachable commits are skipped ({@code --since}, already-pushed
 *     commits)
 * @param worktree whether the work tree's uncommitted files are scanned too
 * @param scanned commits an earlier incremental run scanned: skipped like excludes, ignored once
 *     gone
 */
public record GitScope(
    List<String> refs, List<String> excludes, boolean worktree, List<String> scanned) {
  public GitScope {
    refs = List.copyOf(refs);
    excludes = List.copyOf(excludes);
    scanned = List.copyOf(scanned);
    for (String r : refs) {
      Objects.requireNonNull(r, "ref");
    }
  }

  public GitScope(List<String> refs, List<String> excludes, boolean worktree) {
    this(refs, excludes, worktree, List.of());
  }

  /** This scope, also skipping what the given (already scanned) commits reach. */
  public GitScope withScanned(List<String> commits) {
    return new GitScope(refs, excludes, worktree, commits);
  }

  /** The whole history and the work tree. */
  public static GitScope everything() {
    return new GitScope(List.of(), List.of(), true);
  }

  /** This scope without the work tree. */
  public GitScope withoutWorktree() {
    return new GitScope(refs, excludes, false, scanned);
  }
}
