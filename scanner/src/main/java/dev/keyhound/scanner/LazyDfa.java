package dev.keyhound.scanner;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A DFA built on demand from an NFA, as RE2 does: a DFA state (a set of NFA states) and its transitions are
 * computed the first time the scan needs them and then cached, so regexes whose full DFA would be exponential
 * (brics needs minutes for some gitleaks rules) cost only the states real text visits. The NFA part is
 * immutable and shared; each thread steps through its own {@link Cache}.
 */
final class LazyDfa {
  static final int DEAD = 0;
  /** Cached states per thread before the cache is flushed and rebuilt from the current state. */
  static final int MAX_CACHED_STATES = 4096;

  private final boolean unanchored;
  private final char[] points;
  private final byte[] asciiClass = new byte[128];
  private final int classes;
  /** For each NFA state and char class, the NFA states it moves to. */
  private final int[][][] next;
  private final boolean[] nfaAccept;

  /**
   * @param unanchored whether a match may start at any position (the initial state is in every set), which
   *     finds the ends of matches anywhere in the text without the {@code .*} prefix a full DFA would need
   */
  LazyDfa(Automaton nfa, boolean unanchored) {
    this.unanchored = unanchored;
    Map<State, Integer> ids = new IdentityHashMap<>();
    List<State> states = new ArrayList<>();
    ArrayDeque<State> queue = new ArrayDeque<>();
    ids.put(nfa.getInitialState(), 0);
    states.add(nfa.getInitialState());
    queue.add(nfa.getInitialState());
    TreeSet<Integer> bounds = new TreeSet<>(List.of(0));
    while (!queue.isEmpty()) {
      for (Transition t : queue.poll().getTransitions()) {
        bounds.add((int) t.getMin());
        if (t.getMax() < Character.MAX_VALUE) {
          bounds.add(t.getMax() + 1);
        }
        if (!ids.containsKey(t.getDest())) {
          ids.put(t.getDest(), states.size());
          states.add(t.getDest());
          queue.add(t.getDest());
        }
      }
    }
    this.points = new char[bounds.size()];
    int i = 0;
    for (int b : bounds) {
      points[i++] = (char) b;
    }
    this.classes = points.length;
    if (classes > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("too many char classes for the prefilter: " + classes);
    }
    for (char c = 0; c < 128; c++) {
      asciiClass[c] = (byte) classOf(c);
    }
    this.next = new int[states.size()][classes][];
    this.nfaAccept = new boolean[states.size()];
    for (int s = 0; s < states.size(); s++) {
      nfaAccept[s] = states.get(s).isAccept();
      List<List<Integer>> byClass = new ArrayList<>();
      for (int k = 0; k < classes; k++) {
        byClass.add(new ArrayList<>());
      }
      for (Transition t : states.get(s).getTransitions()) {
        for (int k = classOf(t.getMin()); k <= classOf(t.getMax()); k++) {
          byClass.get(k).add(ids.get(t.getDest()));
        }
      }
      for (int k = 0; k < classes; k++) {
        next[s][k] = byClass.get(k).stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
      }
    }
  }

  int nfaStates() {
    return next.length;
  }

  Cache newCache() {
    return new Cache();
  }

  private int classOf(char c) {
    int i = Arrays.binarySearch(points, c);
    return i >= 0 ? i : -i - 2;
  }

  /** One thread's DFA states and transitions computed so far. */
  final class Cache {
    private final Map<Key, Integer> ids = new HashMap<>();
    private final List<int[]> sets = new ArrayList<>();
    private boolean[] accept = new boolean[64];
    /** Next state + 1 per (state, class); 0 where not computed yet. */
    private int[] table = new int[64 * classes];
    private final boolean[] mark = new boolean[next.length];
    private final int[] scratch = new int[next.length];
    private int start;
    private int flushes;

    Cache() {
      reset();
    }

    int start() {
      return start;
    }

    /** DFA states computed so far (for diagnostics). */
    int size() {
      return sets.size();
    }

    /** How often the cache overflowed and was flushed (for diagnostics). */
    int flushes() {
      return flushes;
    }

    boolean accepts(int state) {
      return accept[state];
    }

    int step(int state, char c) {
      int k = c < 128 ? asciiClass[c] : classOf(c);
      int t = table[state * classes + k];
      return t != 0 ? t - 1 : compute(state, k);
    }

    private void reset() {
      ids.clear();
      sets.clear();
      Arrays.fill(table, 0);
      intern(new int[0]); // DEAD
      Arrays.fill(table, 0, classes, DEAD + 1);
      start = intern(unanchored ? new int[] {0} : new int[] {0});
    }

    private int compute(int state, int k) {
      int[] from = sets.get(state);
      int n = 0;
      if (unanchored) {
        mark[0] = true;
        scratch[n++] = 0;
      }
      for (int q : from) {
        for (int d : next[q][k]) {
          if (!mark[d]) {
            mark[d] = true;
            scratch[n++] = d;
          }
        }
      }
      int[] to = Arrays.copyOf(scratch, n);
      for (int d : to) {
        mark[d] = false;
      }
      Arrays.sort(to);
      if (sets.size() >= MAX_CACHED_STATES && !ids.containsKey(new Key(to))) {
        reset();
        flushes++;
        return intern(to); // the old state's id is gone; do not record the transition
      }
      int id = intern(to);
      table[state * classes + k] = id + 1;
      return id;
    }

    private int intern(int[] set) {
      Key key = new Key(set);
      Integer id = ids.get(key);
      if (id != null) {
        return id;
      }
      int nid = sets.size();
      sets.add(set);
      ids.put(key, nid);
      if (nid >= accept.length) {
        accept = Arrays.copyOf(accept, accept.length * 2);
        table = Arrays.copyOf(table, accept.length * classes);
      }
      boolean acc = false;
      for (int q : set) {
        acc |= nfaAccept[q];
      }
      accept[nid] = acc;
      return nid;
    }
  }

  /** A set of NFA states as a hash key. */
  private record Key(int[] set) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(set, k.set);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(set);
    }
  }
}
