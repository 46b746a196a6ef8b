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
 * The walked commits as int positions (in walk order: every child before its parents) with their
 * parents, and the ref tips among them; answers which refs reach a commit, for the few commits a
 * report asks about. Memory is in proportion to commits plus refs: a GitHub mirror's 50,000 pull
 * refs used to be carried as a ref set per commit, which grows as commits times refs.
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

  /** Records the next commit of the walk; returns its position. */
  int add(RevCommit c) {
    int pos = walked.size();
    walked.add(c);
    positions.add(new Node(c, pos));
    return pos;
  }

  /**
   * Ends the walk: parents become positions (a parent the walk did not reach, excluded or past a
   * shallow boundary, is left out) and the commits are let go.
   */
  synchronized void finish() {
    if (walked == null) {
      return;
    }
    int n = walked.size();
    parentStart = new int[n + 1];
    int[] out = new int[n + n / 4 + 1];
    int k = 0;
    for (int i = 0; i < n; i++) {
      parentStart[i] = k;
      for (RevCommit p : walked.get(i).getParents()) {
        Node node = positions.get(p);
        if (node != null) {
          if (k == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          out[k++] = node.pos;
        }
      }
    }
    parentStart[n] = k;
    parents = Arrays.copyOf(out, k);
    tipPos = new int[tipIds.length];
    for (int i = 0; i < tipIds.length; i++) {
      Node node = positions.get(tipIds[i]);
      tipPos[i] = node == null ? -1 : node.pos;
    }
    walked = null;
    positions = null;
    reaches = new BitSet(n);
  }

  int size() {
    return parentStart == null ? walked.size() : parentStart.length - 1;
  }

  /** The refs that reach the commit at {@code pos}, as a list computed when first read. */
  List<String> refsReaching(int pos) {
    return new DeferredList<>() {
      @Override
      protected List<String> compute() {
        return resolve(pos);
      }
    };
  }

  /**
   * Marks the commit's descendants (all at lower positions: children come first), then lists the
   * tips among them. One pass over the newer part of the history per distinct commit asked about.
   */
  synchronized List<String> resolve(int pos) {
    finish();
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
