package dev.keyhound.scanner.detect;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DFA built on demand from an NFA, as RE2 does: a DFA state (a set of NFA states) and its
 * transitions are computed the first time the scan needs them and then cached, so regexes whose
 * full DFA would be exponential (brics needs minutes for some gitleaks rules) cost only the states
 * real text visits. Several NFAs can run as one (their union, each accepting state telling which
 * NFAs accept), so rules that must read the whole text share one pass. The NFA part is immutable
 * and shared; each thread steps through its own {@link Cache}.
 */
final class LazyDfa {
  /** The state from which nothing matches (premultiplied index 0). */
  static final int DEAD = 0;

  /** Cached states per thread before the cache is flushed and rebuilt from the current state. */
  static final int MAX_CACHED_STATES = 4096;

  private final int maxCachedStates;

  private final boolean unanchored;
  private final char[] points;
  private final int[] asciiClass = new int[128];

  /**
   * Every char's class in two levels, by high byte then low byte: text with non-ASCII chars (most
   * source trees have some) would otherwise pay a binary search over {@link #points} per char.
   * Blocks of 256 chars that fall in one class share one array, so this stays a few KB.
   */
  private final char[][] classByBlock = new char[256][];

  private final int classes;

  /** For each NFA state and char class, the NFA states it moves to. */
  private final int[][][] next;

  /** For each NFA state, the index of the NFA it belongs to when it accepts, else -1. */
  private final int[] acceptedBy;

  /** The NFAs' initial states. */
  private final int[] starts;

  /**
   * @param unanchored whether a match may start at any position (the initial state is in every
   *     set), which finds the ends of matches anywhere in the text without the {@code .*} prefix a
   *     full DFA would need
   */
  /**
   * The union of several NFAs; {@link Cache#accepted} tells which of them (by list index) accept.
   */
  LazyDfa(List<Automaton> nfas, boolean unanchored, int maxCachedStates) {
    if (maxCachedStates < 3) {
      throw new IllegalArgumentException("a DFA cache needs room for 3 states: " + maxCachedStates);
    }
    this.maxCachedStates = maxCachedStates;
    this.unanchored = unanchored;
    Map<State, Integer> ids = new IdentityHashMap<>();
    List<State> states = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    // Where char classes start: a set bit per boundary (a BitSet, not a sorted set of boxed ints:
    // rule DFAs are built in the scan, on first use).
    BitSet bounds = new BitSet(Character.MAX_VALUE + 1);
    bounds.set(0);
    this.starts = new int[nfas.size()];
    for (int a = 0; a < nfas.size(); a++) {
      ArrayDeque<State> queue = new ArrayDeque<>();
      State init = nfas.get(a).getInitialState();
      starts[a] = states.size();
      ids.put(init, states.size());
      states.add(init);
      owner.add(a);
      queue.add(init);
      while (!queue.isEmpty()) {
        for (Transition t : queue.poll().getTransitions()) {
          bounds.set(t.getMin());
          if (t.getMax() < Character.MAX_VALUE) {
            bounds.set(t.getMax() + 1);
          }
          if (!ids.containsKey(t.getDest())) {
            ids.put(t.getDest(), states.size());
            states.add(t.getDest());
            owner.add(a);
            queue.add(t.getDest());
          }
        }
      }
    }
    this.points = new char[bounds.cardinality()];
    int i = 0;
    for (int b = bounds.nextSetBit(0); b >= 0; b = bounds.nextSetBit(b + 1)) {
      points[i++] = (char) b;
    }
    this.classes = points.length;
    for (char c = 0; c < 128; c++) {
      asciiClass[c] = classOf(c);
    }
    fillClassBlocks();
    this.next = new int[states.size()][classes][];
    this.acceptedBy = new int[states.size()];
    for (int s = 0; s < states.size(); s++) {
      acceptedBy[s] = states.get(s).isAccept() ? owner.get(s) : -1;
      Arrays.fill(next[s], NONE);
      for (Transition t : states.get(s).getTransitions()) {
        int dest = ids.get(t.getDest());
        for (int k = classOfAny(t.getMin()), last = classOfAny(t.getMax()); k <= last; k++) {
          next[s][k] = add(next[s][k], dest);
        }
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

  /** {@link #classOf} from the tables, once they are filled. */
  private int classOfAny(char c) {
    return c < 128 ? asciiClass[c] : classByBlock[c >>> 8][c & 0xFF];
  }

  /** Fills {@link #classByBlock} in one walk over the class boundaries. */
  private void fillClassBlocks() {
    Map<Integer, char[]> uniform = new HashMap<>();
    for (int block = 0; block < 256; block++) {
      int first = block << 8;
      int k = classOf((char) first);
      int nextBound = k + 1 < points.length ? points[k + 1] : Character.MAX_VALUE + 1;
      if (nextBound > first + 255) {
        int cls = k;
        classByBlock[block] =
            uniform.computeIfAbsent(
                cls,
                x -> {
                  char[] a = new char[256];
                  Arrays.fill(a, (char) (int) x);
                  return a;
                });
        continue;
      }
      char[] a = new char[256];
      for (int j = 0; j < 256; j++) {
        int c = first + j;
        while (k + 1 < points.length && points[k + 1] <= c) {
          k++;
        }
        a[j] = (char) k;
      }
      classByBlock[block] = a;
    }
  }

  /** One thread's DFA states and transitions computed so far. */
  final class Cache {
    private final Map<Key, Integer> ids = new HashMap<>();
    private final List<int[]> sets = new ArrayList<>();

    /** Per DFA state index, the indexes of the NFAs that accept there, or null. */
    private int[][] accept = new int[64][];

    /**
     * The transitions. States are handed out premultiplied (index * classes) so a step is one add
     * and one load; an entry is the next state so premultiplied, or -1 where not computed yet.
     */
    private int[] table = new int[64 * classes];

    /** By premultiplied state: whether some NFA accepts there. */
    private boolean[] accepting = new boolean[64 * classes];

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
      return accepting[state];
    }

    /** Indexes of the NFAs accepting in this state (null when none). */
    int[] accepted(int state) {
      return accept[state / classes];
    }

    int step(int state, char c) {
      int k = c < 128 ? asciiClass[c] : classByBlock[c >>> 8][c & 0xFF];
      int t = table[state + k];
      return t >= 0 ? t : compute(state, k);
    }

    // What a hot loop needs to step inline, as {@link #step} does, with the arrays in locals: C1
    // inlines no method as large as step and reloads fields on every use. The table and accepting
    // arrays are replaced when the cache grows: reload them after each {@link #compute}.

    /** Char classes of the ASCII chars (shared by every cache of the DFA; not to be written). */
    int[] asciiClasses() {
      return asciiClass;
    }

    /** The class of a char at or past 128. */
    int classOf(char c) {
      return classByBlock[c >>> 8][c & 0xFF];
    }

    /** The transitions: by premultiplied state plus class, the next state, or -1 for not known. */
    int[] table() {
      return table;
    }

    /** By premultiplied state: whether some NFA accepts there. */
    boolean[] accepting() {
      return accepting;
    }

    private void reset() {
      ids.clear();
      sets.clear();
      Arrays.fill(table, -1);
      Arrays.fill(accepting, false);
      intern(new int[0]); // DEAD, which stays dead
      Arrays.fill(table, 0, classes, DEAD);
      start = intern(starts.clone()) * classes;
    }

    /** The state after class {@code k} from {@code state}, whose transition is not known yet. */
    int compute(int state, int k) {
      int[] from = sets.get(state / classes);
      int n = 0;
      if (unanchored) {
        for (int q : starts) {
          mark[q] = true;
          scratch[n++] = q;
        }
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
      if (sets.size() >= maxCachedStates && !ids.containsKey(new Key(to))) {
        reset();
        flushes++;
        return intern(to) * classes; // the old state is gone; do not record the transition
      }
      int id = intern(to) * classes;
      table[state + k] = id;
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
        int old = table.length;
        accept = Arrays.copyOf(accept, accept.length * 2);
        table = Arrays.copyOf(table, accept.length * classes);
        Arrays.fill(table, old, table.length, -1);
        accepting = Arrays.copyOf(accepting, accept.length * classes);
      }
      int[] by = null;
      for (int q : set) {
        if (acceptedBy[q] >= 0) {
          by = by == null ? new int[] {acceptedBy[q]} : append(by, acceptedBy[q]);
        }
      }
      accept[nid] = by == null ? null : Arrays.stream(by).sorted().distinct().toArray();
      accepting[nid * classes] = by != null;
      return nid;
    }
  }

  private static final int[] NONE = new int[0];

  /** The sorted set {@code a} with {@code v} added. */
  private static int[] add(int[] a, int v) {
    int i = Arrays.binarySearch(a, v);
    if (i >= 0) {
      return a;
    }
    int at = -i - 1;
    int[] out = new int[a.length + 1];
    System.arraycopy(a, 0, out, 0, at);
    out[at] = v;
    System.arraycopy(a, at, out, at + 1, a.length - at);
    return out;
  }

  private static int[] append(int[] a, int v) {
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
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
