package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Which commit introduced each blob at each path: a commit introduces (path, blob) when its tree
 * has the blob at that path and none of its parents' trees do. Built in one topological walk that
 * also carries, child to parent, the set of refs each commit is reachable from. Holds ids and paths
 * only, never content.
 */
final class IntroductionIndex {
  private final String repository;
  private final List<String> refNames;
  private final Map<ObjectId, List<Provenance>> byBlob = new LinkedHashMap<>();
  private final Map<String, String> paths = new HashMap<>();
  private final Map<BitSet, List<String>> refLists = new HashMap<>();

  private IntroductionIndex(String repository, List<String> refNames) {
    this.repository = repository;
    this.refNames = refNames;
  }

  /**
   * Walks every commit reachable from the tips and not from the excluded commits. A commit or tree
   * that cannot be read is reported to the sink and the walk goes on with what it can still reach.
   */
  static IntroductionIndex build(
      String repository,
      ObjectReader reader,
      Map<String, ObjectId> tips,
      List<ObjectId> excludes,
      Source.Sink sink,
      GitProgress progress) {
    return build(repository, reader, tips, excludes, sink, progress, null);
  }

  /** As above, taking trees from the prefetch (may be null) when it has inflated them already. */
  static IntroductionIndex build(
      String repository,
      ObjectReader reader,
      Map<String, ObjectId> tips,
      List<ObjectId> excludes,
      Source.Sink sink,
      GitProgress progress,
      PackPrefetch prefetch) {
    List<String> names = new ArrayList<>(tips.keySet());
    IntroductionIndex index = new IntroductionIndex(repository, names);
    try (RevWalk walk = new RevWalk(reader);
        TreeCache cache = new TreeCache(reader, prefetch);
        TreeWalk trees = new TreeWalk(cache)) {
      walk.sort(RevSort.TOPO);
      trees.setRecursive(true);
      Map<RevCommit, BitSet> pending = new IdentityHashMap<>();
      int i = 0;
      for (ObjectId tip : tips.values()) {
        RevCommit c = walk.parseCommit(tip);
        walk.markStart(c);
        pending.computeIfAbsent(c, k -> new BitSet()).set(i++);
      }
      for (ObjectId x : excludes) {
        walk.markUninteresting(walk.parseCommit(x));
      }
      Map<BitSet, BitSet> interned = new HashMap<>();
      RevCommit c;
      while ((c = next(walk, repository, sink)) != null) {
        // Topological order: every child was walked before c, so c's ref set is complete.
        BitSet own = pending.remove(c);
        BitSet refs = interned.computeIfAbsent(own == null ? new BitSet() : own, k -> k);
        for (RevCommit p : c.getParents()) {
          pending.merge(p, refs, IntroductionIndex::union);
        }
        index.diff(walk, trees, c, refs, sink);
        c.disposeBody();
        progress.commits.incrementAndGet();
      }
    } catch (IOException e) {
      sink.skipped(
          new Skipped(
              repository, Skipped.Reason.CORRUPT, "cannot walk history: " + e.getMessage()));
    }
    return index;
  }

  private static RevCommit next(RevWalk walk, String repository, Source.Sink sink) {
    try {
      return walk.next();
    } catch (IOException e) {
      sink.skipped(
          new Skipped(
              repository, Skipped.Reason.CORRUPT, "history walk stopped: " + e.getMessage()));
      return null;
    }
  }

  private static BitSet union(BitSet a, BitSet b) {
    BitSet u = (BitSet) a.clone();
    u.or(b);
    return u;
  }

  private void diff(RevWalk walk, TreeWalk trees, RevCommit c, BitSet refs, Source.Sink sink) {
    try {
      RevCommit[] parents = c.getParents();
      trees.reset();
      trees.addTree(c.getTree());
      for (RevCommit p : parents) {
        if (p.getTree() == null) {
          walk.parseHeaders(p);
        }
        trees.addTree(p.getTree());
      }
      trees.setFilter(parents.length == 0 ? TreeFilter.ALL : TreeFilter.ANY_DIFF);
      Provenance.Git template = null;
      while (trees.next()) {
        if (!isFile(trees.getRawMode(0)) || inAnyParent(trees, parents.length)) {
          continue;
        }
        if (template == null) {
          template = provenance(c, refs);
        }
        String path = paths.computeIfAbsent(trees.getPathString(), k -> k);
        byBlob
            .computeIfAbsent(trees.getObjectId(0), k -> new ArrayList<>(1))
            .add(template.atPath(path));
      }
    } catch (IOException e) {
      sink.skipped(
          new Skipped(
              repository + "@" + c.name(),
              Skipped.Reason.CORRUPT,
              "cannot read the commit's tree: " + e.getMessage()));
    }
  }

  private static boolean inAnyParent(TreeWalk trees, int parents) {
    for (int i = 1; i <= parents; i++) {
      if (isFile(trees.getRawMode(i)) && trees.idEqual(0, i)) {
        return true;
      }
    }
    return false;
  }

  /** Regular and executable files; symbolic links and submodules hold no content of ours. */
  static boolean isFile(int rawMode) {
    return (rawMode & FileMode.TYPE_MASK) == FileMode.TYPE_FILE;
  }

  private Provenance.Git provenance(RevCommit c, BitSet refs) {
    PersonIdent a = c.getAuthorIdent();
    // A commit object always has a committer line; JGit returns null only for a malformed one.
    PersonIdent k = c.getCommitterIdent();
    List<String> names =
        refLists.computeIfAbsent(refs, b -> b.stream().mapToObj(refNames::get).sorted().toList());
    return new Provenance.Git(
        repository,
        "",
        c.name(),
        a.getName(),
        a.getEmailAddress(),
        a.getWhenAsInstant(),
        names,
        k == null ? null : k.getName(),
        k == null ? null : k.getEmailAddress());
  }

  /** Blob id to the places that introduced it, in walk order. */
  Map<ObjectId, List<Provenance>> byBlob() {
    return byBlob;
  }
}
