package dev.keyhound.scanner.git;

import dev.keyhound.scanner.PhaseTrace;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
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
 * has the blob at that path and none of its parents' trees do. Built in one walk, newest commits
 * first, that also records the commit graph, from which the refs that reach a commit are listed
 * when a report first asks (see {@link CommitGraph}). Holds ids and paths only, never content.
 */
final class IntroductionIndex {
  private final String repository;
  private final CommitGraph graph;
  private final Set<ObjectId> shallow;
  private final Map<ObjectId, List<Provenance>> byBlob = new LinkedHashMap<>();
  private final Map<String, String> paths = new HashMap<>();
  private final Set<String> submodules = new TreeSet<>();
  private final BiConsumer<ObjectId, Provenance.Git> onNewBlob;
  private final Map<String, ObjectId> tips;

  private IntroductionIndex(
      String repository,
      Map<String, ObjectId> tips,
      Set<ObjectId> shallow,
      BiConsumer<ObjectId, Provenance.Git> onNewBlob) {
    this.repository = repository;
    this.tips = tips;
    this.graph = new CommitGraph(tips);
    this.shallow = shallow;
    this.onNewBlob = onNewBlob;
  }

  /**
   * The commits a walk starts from, by ref name, resolved on the walk's own {@link RevWalk}: the
   * tips' commits are parsed there once, where the walk needs them anyway.
   */
  interface TipSource {
    Map<String, ObjectId> resolve(RevWalk walk) throws IOException;
  }

  /**
   * Walks every commit reachable from the tips and not from the excluded commits, taking trees from
   * the prefetch (may be null) when it has inflated them already. A commit or tree that cannot be
   * read is reported to the sink and the walk goes on with what it can still reach.
   */
  static IntroductionIndex build(
      String repository,
      ObjectReader reader,
      Map<String, ObjectId> tips,
      List<ObjectId> excludes,
      Source.Sink sink,
      GitProgress progress,
      PackPrefetch prefetch) {
    return build(repository, reader, tips, excludes, sink, progress, prefetch, null);
  }

  /**
   * As above, telling {@code onNewBlob} (may be null; called on the walking thread) of each blob
   * the first time the walk meets it, with that first place: the blob can be read and scanned then,
   * before the walk has found its other places.
   */
  static IntroductionIndex build(
      String repository,
      ObjectReader reader,
      Map<String, ObjectId> tips,
      List<ObjectId> excludes,
      Source.Sink sink,
      GitProgress progress,
      PackPrefetch prefetch,
      BiConsumer<ObjectId, Provenance.Git> onNewBlob) {
    return build(repository, reader, walk -> tips, excludes, sink, progress, prefetch, onNewBlob);
  }

  /**
   * As above, with the tips resolved by {@code tips} on the walk's {@link RevWalk} before it
   * starts.
   *
   * @throws UncheckedIOException when {@code tips} throws: the history cannot be read as a whole
   */
  static IntroductionIndex build(
      String repository,
      ObjectReader reader,
      TipSource tips,
      List<ObjectId> excludes,
      Source.Sink sink,
      GitProgress progress,
      PackPrefetch prefetch,
      BiConsumer<ObjectId, Provenance.Git> onNewBlob) {
    RevWalk walk = new RevWalk(reader);
    IntroductionIndex index;
    try {
      index =
          new IntroductionIndex(repository, tips.resolve(walk), shallowCommits(reader), onNewBlob);
    } catch (IOException e) {
      walk.close();
      throw new UncheckedIOException(e);
    }
    PhaseTrace.mark("history: refs resolved (" + index.tips.size() + " tips)");
    if (!index.shallow.isEmpty()) {
      sink.skipped(
          new Skipped(
              repository,
              Skipped.Reason.SHALLOW,
              "a shallow clone, history is cut at "
                  + index.shallow.size()
                  + " commit(s): what they hold is reported with \"boundary\": true, not"
                  + " attributed to their authors (git fetch --unshallow for the whole history)"));
    }
    try (walk;
        TreeCache cache = new TreeCache(reader, prefetch);
        TreeWalk trees = new TreeWalk(cache)) {
      // The whole history by commit time, not topologically: a topological walk parses every commit
      // before it hands over the first, and on psf/requests' 11,041 commits the scan threads waited
      // for their first blob meanwhile (1.009x -> 1.001x git log -p, 25 alternating rounds). What a
      // commit introduces does not depend on the order, and the commit graph puts the commits in
      // topological order itself (a clock that ran backwards can hand a parent over before its
      // child). A walk that excludes commits (--since, an incremental scan) stays topological:
      // there, by commit time, a commit an excluded one reaches could come out before the walk
      // has marked it, where the clock ran backwards.
      walk.sort(excludes.isEmpty() ? RevSort.COMMIT_TIME_DESC : RevSort.TOPO);
      trees.setRecursive(true);
      for (ObjectId tip : index.tips.values()) {
        walk.markStart(walk.parseCommit(tip));
      }
      for (ObjectId x : excludes) {
        walk.markUninteresting(walk.parseCommit(x));
      }
      RevCommit c;
      while ((c = next(walk, repository, sink)) != null) {
        int pos = index.graph.add(c);
        index.diff(walk, trees, c, pos, sink);
        c.disposeBody();
        progress.commits.incrementAndGet();
      }
    } catch (IOException e) {
      sink.skipped(
          new Skipped(
              repository, Skipped.Reason.CORRUPT, "cannot walk history: " + e.getMessage()));
    }
    index.graph.finish();
    for (String path : index.submodules) {
      sink.skipped(
          new Skipped(
              path,
              Skipped.Reason.SUBMODULE,
              "submodule in the history of " + repository + ", not entered"));
    }
    return index;
  }

  private static Set<ObjectId> shallowCommits(ObjectReader reader) {
    try {
      return Set.copyOf(reader.getShallowCommits());
    } catch (IOException e) {
      return Set.of();
    }
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

  private void diff(RevWalk walk, TreeWalk trees, RevCommit c, int pos, Source.Sink sink) {
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
        int mode = trees.getRawMode(0);
        if ((mode & FileMode.TYPE_MASK) == FileMode.TYPE_GITLINK) {
          submodules.add(trees.getPathString());
          continue;
        }
        if (!isFile(mode) || inAnyParent(trees, parents.length)) {
          continue;
        }
        if (template == null) {
          template = provenance(c, pos);
        }
        String path = paths.computeIfAbsent(trees.getPathString(), k -> k);
        ObjectId blob = trees.getObjectId(0);
        Provenance.Git at = template.atPath(path);
        List<Provenance> places = byBlob.get(blob);
        if (places == null) {
          places = new ArrayList<>(1);
          byBlob.put(blob, places);
          if (onNewBlob != null) {
            onNewBlob.accept(blob, at);
          }
        }
        places.add(at);
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

  private Provenance.Git provenance(RevCommit c, int pos) {
    PersonIdent a = c.getAuthorIdent();
    // A commit object always has a committer line; JGit returns null only for a malformed one.
    PersonIdent k = c.getCommitterIdent();
    return new Provenance.Git(
        repository,
        "",
        c.name(),
        a.getName(),
        a.getEmailAddress(),
        a.getWhenAsInstant(),
        graph.refsReaching(pos),
        k == null ? null : k.getName(),
        k == null ? null : k.getEmailAddress(),
        shallow.contains(c));
  }

  /** The commits the walk started from, by ref name, in name order. */
  Map<String, ObjectId> tips() {
    return tips;
  }

  /** Blob id to the places that introduced it, in walk order. */
  Map<ObjectId, List<Provenance>> byBlob() {
    return byBlob;
  }
}
