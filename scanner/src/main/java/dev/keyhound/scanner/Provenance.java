package dev.keyhound.scanner;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a blob of content was seen: a file, a commit's tree, the staged change, or inside an
 * archive.
 */
public sealed interface Provenance {

  /**
   * The path to report, relative to the scan root where there is one ({@code outer.zip!inner/a.env}
   * in archives).
   */
  String path();

  /** The commit for history provenances, else null. */
  default String commit() {
    return null;
  }

  /** A plain file on disk. */
  record File(String path) implements Provenance {
    public File {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A file as introduced by a commit, with the refs that reach that commit. The author wrote the
   * change and the committer put it in history (they differ after a rebase, cherry-pick or applied
   * patch); both are told of a leak. The committer is null where it is not known (provenances
   * recorded before it was kept). A {@code boundary} commit is where a shallow clone's history is
   * cut: it holds every file of its tree as if it had added it, so what it "introduces" may be
   * older than it, and its author and committer are not to be taken for the ones who introduced it.
   */
  record Git(
      String repository,
      String path,
      String commit,
      String authorName,
      String authorEmail,
      Instant date,
      List<String> refs,
      String committerName,
      String committerEmail,
      boolean boundary)
      implements Provenance {
    public Git {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(commit, "commit");
      // A deferred list is immutable already; copying it would compute it for every provenance.
      refs = refs instanceof DeferredList<String> ? refs : List.copyOf(refs);
    }

    /** A provenance at a commit that is not a shallow boundary. */
    public Git(
        String repository,
        String path,
        String commit,
        String authorName,
        String authorEmail,
        Instant date,
        List<String> refs,
        String committerName,
        String committerEmail) {
      this(
          repository,
          path,
          commit,
          authorName,
          authorEmail,
          date,
          refs,
          committerName,
          committerEmail,
          false);
    }

    /** A provenance whose committer is not known. */
    public Git(
        String repository,
        String path,
        String commit,
        String authorName,
        String authorEmail,
        Instant date,
        List<String> refs) {
      this(repository, path, commit, authorName, authorEmail, date, refs, null, null, false);
    }

    /** The same provenance at another path (one commit introduces many paths). */
    public Git atPath(String otherPath) {
      return new Git(
          repository,
          otherPath,
          commit,
          authorName,
          authorEmail,
          date,
          refs,
          committerName,
          committerEmail,
          boundary);
    }
  }

  /** A file in the index, as a commit would take it. */
  record Staged(String path) implements Provenance {
    public Staged {
      Objects.requireNonNull(path, "path");
    }
  }

  /** A member of an archive (or a part of a document) seen inside another provenance. */
  record ArchiveMember(Provenance outer, String member) implements Provenance {
    public ArchiveMember {
      Objects.requireNonNull(outer, "outer");
      Objects.requireNonNull(member, "member");
    }

    @Override
    public String path() {
      return outer.path() + "!" + member;
    }

    @Override
    public String commit() {
      return outer.commit();
    }

    /** The outermost provenance (the file or commit that holds the archive). */
    public Provenance root() {
      Provenance p = outer;
      while (p instanceof ArchiveMember m) {
        p = m.outer();
      }
      return p;
    }
  }
}
