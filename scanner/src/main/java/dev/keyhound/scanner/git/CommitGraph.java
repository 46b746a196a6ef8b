package dev.keyhound.scanner.git;

import dev.keyhound.scanner.DeferredList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdOwnerMap;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The walked commits as int positions with their parents, and the ref tips among them; answers
 * which refs reach a commit, for the few commits a report asks about. Memory is in proportion to
 * commits plus refs: a GitHub mirror's 50,000 pull refs used to be carried as a ref set per commit,
 * which grows as commits times refs.
 *
 * <p>A whole history is walked by commit time, which is not always every child before its parents
 * (a clock that ran backwards); {@link #finish} puts the commits in that order.
 */
final class CommitGraph {
  private static final class Node extends ObjectIdOwnerMap.Entry {
    final int pos;

    Node(AnyObjectId id, int pos) {
      super(id);
      this.pos = pos;
    }
  }

  private final String[] tipNames;
  private final ObjectId[] tipIds;
  private ObjectIdOwnerMap<Node> positions = new ObjectIdOwnerMap<>();
  private List<RevCommit> walked = new ArrayList<>();

  /** Topological position (every child before its parents) by walk position, after finish. */
  private int[] order;

  /** By topological position: where each commit's parents start in {@link #parents}. */
  private int[] parentStart;

  private int[] parents;
  private int[] tipPos;
  private final Map<Integer, List<String>> answered = new HashMap<>();
  private final Map<List<String>, List<String>> interned = new HashMap<>();
  private BitSet reaches;

  /**
   * @param tips ref name to commit, in the order the refs are to be listed
   */
  CommitGraph(Map<String, ObjectId> tips) {
    tipNames = tips.keySet().toArray(String[]::new);
    tipIds = tips.values().toArray(ObjectId[]::new);
  }

  /** Records the next commit of the walk; returns its position in the walk. */
  int add(RevCommit c) {
    int pos = walked.size();
    walked.add(c);
    positions.add(new Node(c, pos));
    return pos;
  }

  /**
   * Ends the walk: parents become positions (a parent the walk did not reach, excluded or past a
   * shallow boundary, is left out), the commits are put in topological order, and they are let go.
   */
  synchronized void finish() {
    if (walked == null) {
      return;
    }
    int n = walked.size();
    // The parents by walk position first.
    int[] start = new int[n + 1];
    int[] edges = new int[n + n / 4 + 1];
    int k = 0;
    for (int i = 0; i < n; i++) {
      start[i] = k;
      for (RevCommit p : walked.get(i).getParents()) {
        Node node = positions.get(p);
        if (node != null) {
          if (k == edges.length) {
            edges = Arrays.copyOf(edges, edges.length * 2);
          }
          edges[k++] = node.pos;
        }
      }
    }
    start[n] = k;
    int[] sorted = topological(n, start, edges);
    order = new int[n];
    for (int t = 0; t < n; t++) {
      order[sorted[t]] = t;
    }
    // Then by topological position.
    parentStart = new int[n + 1];
    parents = new int[k];
    k = 0;
    for (int t = 0; t < n; t++) {
      parentStart[t] = k;
      int i = sorted[t];
      for (int j = start[i]; j < start[i + 1]; j++) {
        parents[k++] = order[edges[j]];
      }
    }
    parentStart[n] = k;
    tipPos = new int[tipIds.length];
    for (int i = 0; i < tipIds.length; i++) {
      Node node = positions.get(tipIds[i]);
      tipPos[i] = node == null ? -1 : order[node.pos];
    }
    walked = null;
    positions = null;
    reaches = new BitSet(n);
  }

  /**
   * The walk positions in topological order, every child before its parents (Kahn's algorithm: the
   * commits no walked commit has as a parent first, in walk order, then each parent once all its
   * children are placed).
   */
  private static int[] topological(int n, int[] start, int[] edges) {
    int[] children = new int[n];
    for (int j = 0; j < start[n]; j++) {
      children[edges[j]]++;
    }
    int[] ready = new int[n];
    int tail = 0;
    for (int i = 0; i < n; i++) {
      if (children[i] == 0) {
        ready[tail++] = i;
      }
    }
    for (int head = 0; head < tail; head++) {
      int i = ready[head];
      for (int j = start[i]; j < start[i + 1]; j++) {
        if (--children[edges[j]] == 0) {
          ready[tail++] = edges[j];
        }
      }
    }
    // Every commit is placed: parents come from commit ids, so the graph has no cycle.
    return ready;
  }

  int size() {
    return parentStart == null ? walked.size() : parentStart.length - 1;
  }

  /** The refs that reach the commit at walk position {@code pos}, computed when first read. */
  List<String> refsReaching(int pos) {
    return new DeferredList<>() {
      @Override
      protected List<String> compute() {
        return resolve(pos);
      }
    };
  }

  /**
   * Marks the commit's descendants (all at lower topological positions: children come first), then
   * lists the tips among them. One pass over the newer part of the history per distinct commit
   * asked about.
   */
  synchronized List<String> resolve(int walkPos) {
    finish();
    int pos = order[walkPos];
    List<String> known = answered.get(pos);
    if (known != null) {
      return known;
    }
    reaches.clear();
    reaches.set(pos);
    for (int q = pos - 1; q >= 0; q--) {
      for (int j = parentStart[q]; j < parentStart[q + 1]; j++) {
        int p = parents[j];
        if (p <= pos && reaches.get(p)) {
          reaches.set(q);
          break;
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < tipPos.length; i++) {
      if (tipPos[i] >= 0 && tipPos[i] <= pos && reaches.get(tipPos[i])) {
        names.add(tipNames[i]);
      }
    }
    names.sort(null);
    List<String> out = interned.computeIfAbsent(List.copyOf(names), l -> l);
    answered.put(pos, out);
    return out;
  }
}
