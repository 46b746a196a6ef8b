package dev.keyhound.scanner.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.ReflogReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Resolves the refs and revisions a scope names to the commits a history walk starts from or stops
 * at.
 */
final class Tips {
  private Tips() {}

  /**
   * Ref name (or the revision as given) to commit. With no names: every ref under {@code refs/}
   * that leads to a commit (tags of trees or blobs are passed over), plus a detached {@code HEAD}.
   *
   * @throws IllegalArgumentException when a name resolves to nothing
   */
  static Map<String, ObjectId> starts(Repository repo, List<String> names) throws IOException {
    return starts(repo, names, (ref, why) -> {});
  }

  /** Receives a ref that cannot be scanned, and why. */
  interface Unreadable {
    void ref(String name, String why);
  }

  /**
   * As above; with no names, a ref whose object is missing or unreadable is handed to {@code
   * unreadable} and left out, so that one broken ref costs only itself.
   */
  static Map<String, ObjectId> starts(Repository repo, List<String> names, Unreadable unreadable)
      throws IOException {
    try (RevWalk walk = new RevWalk(repo)) {
      if (names.isEmpty()) {
        return peel(list(repo), walk, unreadable);
      }
      Map<String, ObjectId> out = new TreeMap<>();
      for (String name : names) {
        Ref r = repo.findRef(name);
        String label = r == null ? name : r.getName();
        out.put(label, commit(repo, walk, name));
      }
      return out;
    }
  }

  /**
   * Every ref under {@code refs/} and a detached {@code HEAD}, and the stashes below the newest
   * (which live only in the stash ref's reflog), read but not yet peeled: a scan of every ref lists
   * them when it checks the repository and peels them on the walk's own {@link RevWalk}, which
   * parses those commits anyway (4,500 refs of a GitHub mirror were 4,500 commits parsed twice,
   * before the walk could start).
   */
  record Listed(List<Ref> refs, List<ObjectId> olderStashes) {
    Listed {
      refs = List.copyOf(refs);
      olderStashes = List.copyOf(olderStashes);
    }
  }

  /** Lists the refs a scan of every ref starts from (see {@link Listed}). */
  static Listed list(Repository repo) throws IOException {
    List<Ref> refs = new ArrayList<>(repo.getRefDatabase().getRefsByPrefix(Constants.R_REFS));
    Ref head = repo.exactRef(Constants.HEAD);
    if (head != null && !head.isSymbolic() && head.getObjectId() != null) {
      refs.add(head);
    }
    List<ObjectId> stashes = new ArrayList<>();
    Ref stash = repo.exactRef(Constants.R_STASH);
    ReflogReader log = stash == null ? null : repo.getRefDatabase().getReflogReader(stash);
    if (log != null) {
      List<ReflogEntry> entries = log.getReverseEntries();
      for (int i = 1; i < entries.size(); i++) {
        stashes.add(entries.get(i).getNewId());
      }
    }
    return new Listed(refs, stashes);
  }

  /**
   * Ref name to commit: every listed ref that leads to a commit (tags of trees or blobs are passed
   * over; a ref whose object is missing or unreadable goes to {@code unreadable}), and {@code
   * refs/stash@{N}} for each older stash that still exists.
   */
  static Map<String, ObjectId> peel(Listed listed, RevWalk walk, Unreadable unreadable)
      throws IOException {
    Map<String, ObjectId> out = new TreeMap<>();
    for (Ref r : listed.refs()) {
      ObjectId id = r.getObjectId();
      try {
        RevObject o = id == null ? null : walk.peel(walk.parseAny(id));
        if (o instanceof RevCommit c) {
          out.put(r.getName(), c.copy());
        }
      } catch (IOException | RuntimeException e) {
        unreadable.ref(
            r.getName(),
            e instanceof org.eclipse.jgit.errors.MissingObjectException
                ? "points at a missing object " + id.name()
                : "cannot be read: " + e.getMessage());
      }
    }
    List<ObjectId> stashes = listed.olderStashes();
    for (int i = 0; i < stashes.size(); i++) {
      RevCommit c = commitOrNull(walk, stashes.get(i));
      if (c != null) {
        out.put(Constants.R_STASH + "@{" + (i + 1) + "}", c.copy());
      }
    }
    return out;
  }

  /** The commits the revisions name; each must exist. */
  static List<ObjectId> commits(Repository repo, List<String> revisions) throws IOException {
    List<ObjectId> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (String rev : revisions) {
        out.add(commit(repo, walk, rev));
      }
    }
    return out;
  }

  /**
   * The commits among the ids that still exist; rewritten or collected history is simply scanned
   * again.
   */
  static List<ObjectId> existing(Repository repo, List<String> ids) throws IOException {
    List<ObjectId> out = new ArrayList<>();
    try (RevWalk walk = new RevWalk(repo)) {
      for (String id : ids) {
        RevCommit c = ObjectId.isId(id) ? commitOrNull(walk, ObjectId.fromString(id)) : null;
        if (c != null) {
          out.add(c.copy());
        }
      }
    }
    return out;
  }

  private static ObjectId commit(Repository repo, RevWalk walk, String rev) throws IOException {
    ObjectId id;
    try {
      id = repo.resolve(rev);
    } catch (org.eclipse.jgit.errors.RevisionSyntaxException e) {
      id = null;
    }
    RevCommit c = id == null ? null : commitOrNull(walk, id);
    if (c == null) {
      throw new IllegalArgumentException("unknown ref or revision (or not a commit): " + rev);
    }
    return c.copy();
  }

  private static RevCommit commitOrNull(RevWalk walk, ObjectId id) throws IOException {
    try {
      RevObject o = walk.peel(walk.parseAny(id));
      return o instanceof RevCommit c ? c : null;
    } catch (org.eclipse.jgit.errors.MissingObjectException e) {
      return null;
    }
  }
}
