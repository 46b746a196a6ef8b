package dev.keyhound.cli;

import dev.keyhound.scanner.git.GitRepos;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * The ref updates git hands a pre-push hook on stdin, one per line: {@code <local ref> <local id>
 * <remote ref> <remote id>}, where an all-zero id means "none".
 */
record PrePushUpdates(List<String> pushed, List<String> remoteIds, boolean newRemoteRef) {
  private static final String ZERO = ObjectId.zeroId().name();

  static PrePushUpdates parse(List<String> lines) {
    List<String> pushed = new ArrayList<>();
    List<String> remote = new ArrayList<>();
    boolean newRef = false;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 4) {
        if (!line.isBlank()) {
          throw new UserError("unexpected pre-push input line (want 4 fields): " + line);
        }
        continue;
      }
      if (!f[1].equals(ZERO)) {
        pushed.add(f[1]);
      }
      if (f[3].equals(ZERO)) {
        newRef = true;
      } else {
        remote.add(f[3]);
      }
    }
    return new PrePushUpdates(List.copyOf(pushed), List.copyOf(remote), newRef);
  }

  /**
   * Commits the remote already has: the remote ids being replaced and, when a ref is new on the
   * remote, every remote-tracking ref (what git itself assumes the remote holds).
   */
  List<String> knownToRemote(Path top) {
    List<String> out = new ArrayList<>(remoteIds);
    if (newRemoteRef) {
      try (Repository repo = GitRepos.open(top)) {
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_REMOTES)) {
          if (r.getObjectId() != null) {
            out.add(r.getObjectId().name());
          }
        }
      } catch (IOException e) {
        throw new UserError(
            "cannot read remote-tracking refs in " + top + ": " + e.getMessage(),
            ExitCode.PARTIAL,
            e);
      }
    }
    return out;
  }
}
