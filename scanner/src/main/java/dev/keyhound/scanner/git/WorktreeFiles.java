package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

/**
 * The work tree's uncommitted files (changed or untracked, not ignored). Content is read from disk
 * and hashed here rather than through JGit's work tree iterator, which would run the repository's
 * clean filters.
 */
final class WorktreeFiles {
  private WorktreeFiles() {}

  /**
   * Emits each file whose content differs from HEAD; a file whose content is also a history blob is
   * added as a provenance to that blob instead, so the blob is still scanned once.
   */
  static void emit(
      Repository repo, Map<ObjectId, List<Provenance>> history, long maxFileSize, Source.Sink sink)
      throws IOException {
    Path top = repo.getWorkTree().toPath();
    ObjectId head;
    try {
      head = repo.resolve("HEAD^{tree}");
    } catch (IOException e) {
      // HEAD names a missing commit (reported with its ref): every file counts as uncommitted.
      head = null;
    }
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(new FileTreeIterator(repo));
      int inHead = head == null ? -1 : walk.addTree(head);
      walk.setRecursive(false);
      while (walk.next()) {
        WorkingTreeIterator it = walk.getTree(0, WorkingTreeIterator.class);
        boolean tracked = inHead >= 0 && walk.getRawMode(inHead) != 0;
        if (it == null || (it.isEntryIgnored() && !tracked)) {
          continue;
        }
        if (walk.isSubtree()) {
          walk.enterSubtree();
          continue;
        }
        if ((walk.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_GITLINK) {
          sink.skipped(
              new Skipped(
                  walk.getPathString(),
                  Skipped.Reason.SUBMODULE,
                  "submodule in the work tree of " + top + ", not entered"));
          continue;
        }
        if (!IntroductionIndex.isFile(walk.getRawMode(0))) {
          continue;
        }
        String path = walk.getPathString();
        Blob blob = read(top.resolve(path), path, maxFileSize, sink);
        if (blob == null || (tracked && walk.getObjectId(inHead).name().equals(blob.id()))) {
          continue;
        }
        List<Provenance> known = history.get(ObjectId.fromString(blob.id()));
        if (known != null) {
          known.add(new Provenance.File(path));
        } else {
          sink.accept(new SourceItem(blob, List.of(new Provenance.File(path))));
        }
      }
    }
  }

  private static Blob read(Path file, String path, long maxFileSize, Source.Sink sink) {
    try {
      long size = Files.size(file);
      if (size > maxFileSize) {
        sink.skipped(
            new Skipped(
                path, Skipped.Reason.TOO_LARGE, size + " bytes > --max-file-size " + maxFileSize));
        return null;
      }
      return Blob.of(Files.readAllBytes(file));
    } catch (IOException | SecurityException e) {
      sink.skipped(new Skipped(path, Skipped.Reason.UNREADABLE, e.toString()));
      return null;
    }
  }
}
