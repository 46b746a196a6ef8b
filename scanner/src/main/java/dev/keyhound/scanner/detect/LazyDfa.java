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
import java.util.Set;

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

  /**
   * The NFA's moves as (first class, last class, destination state) triples, state after state
   * ({@link Nfa#moves}), and where each state's moves start ({@link Nfa#firstMove}). A DFA state's
   * move on a class is found by reading the moves of its NFA states, which is only done once per
   * DFA transition ({@link Cache#compute}). A table by NFA state and class, read in one step, held
   * states times classes ints per DFA instead of three per move: ~20 MB for the rules a scan of
   * source code triggers, which the first young collections copied with the scan's threads stopped.
   */
  private final int[] moves;

  private final int[] firstMove;

  /** For each NFA state, the index of the NFA it belongs to when it accepts, else -1. */
  private final int[] acceptedBy;

  /** The NFAs' initial states. */
  private final int[] starts;

  /**
   * The union of several NFAs; {@link Cache#accepted} tells which of them (by list index) accept.
   *
   * @param unanchored whether a match may start at any position (the initial state is in every
   *     set), which finds the ends of matches anywhere in the text without the {@code .*} prefix a
   *     full DFA would need
   */
  LazyDfa(List<Automaton> nfas, boolean unanchored, int maxCachedStates) {
    this(Nfa.of(nfas), unanchored, maxCachedStates);
  }

  /** As {@link #LazyDfa(List, boolean, int)}, from the NFAs' tables (the plan cache's). */
  LazyDfa(Nfa nfa, boolean unanchored, int maxCachedStates) {
    if (maxCachedStates < 3) {
      throw new IllegalArgumentException("a DFA cache needs room for 3 states: " + maxCachedStates);
    }
    this.maxCachedStates = maxCachedStates;
    this.unanchored = unanchored;
    this.points = nfa.points;
    this.classes = points.length;
    this.starts = nfa.starts;
    this.acceptedBy = nfa.acceptedBy;
    for (char c = 0; c < 128; c++) {
      asciiClass[c] = classOf(c);
    }
    fillClassBlocks();
    this.moves = nfa.moves;
    this.firstMove = nfa.firstMove;
  }

  /**
   * The NFAs a {@link LazyDfa} runs, as tables: where char classes start, and each state's moves.
   * Numbering brics' states and finding the classes is what {@link RulePlan} would otherwise redo,
   * with the regex's parse and automata, for each rule on every scan that triggers it; the built-in
   * pack's come from the {@link PlanCache}, decided when keyhound is built.
   */
  static final class Nfa {
    /** The first char of each class, ascending from 0. */
    final char[] points;

    /**
     * The states' moves as (first class, last class, destination state) triples, state after state,
     * each state's in the order of its transitions: one array, not one per state.
     */
    final int[] moves;

    /** Where each state's moves start in {@link #moves}; the last entry is its length. */
    final int[] firstMove;

    /** Per state, the index of the NFA it belongs to when it accepts, else -1. */
    final int[] acceptedBy;

    /** The NFAs' initial states. */
    final int[] starts;

    Nfa(char[] points, int[] moves, int[] firstMove, int[] acceptedBy, int[] starts) {
      if (points.length == 0 || points[0] != 0) {
        throw new IllegalArgumentException("char classes must start at 0");
      }
      if (firstMove.length != acceptedBy.length + 1
          || firstMove[0] != 0
          || firstMove[acceptedBy.length] != moves.length) {
        throw new IllegalArgumentException("a state without moves or acceptance");
      }
      this.points = points;
      this.moves = moves;
      this.firstMove = firstMove;
      this.acceptedBy = acceptedBy;
      this.starts = starts;
    }

    /** The number of states. */
    int states() {
      return acceptedBy.length;
    }

    /** Numbers the automata's states, breadth-first from each initial state in turn. */
    static Nfa of(List<Automaton> nfas) {
      Map<State, Integer> ids = new IdentityHashMap<>();
      List<State> states = new ArrayList<>();
      List<Integer> owner = new ArrayList<>();
      // Where char classes start: a set bit per boundary (a BitSet, not a sorted set of boxed
      // ints: rule DFAs of user rules are built in the scan, on first use).
      BitSet bounds = new BitSet(Character.MAX_VALUE + 1);
      bounds.set(0);
      int[] starts = new int[nfas.size()];
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
      char[] points = new char[bounds.cardinality()];
      int i = 0;
      for (int b = bounds.nextSetBit(0); b >= 0; b = bounds.nextSetBit(b + 1)) {
        points[i++] = (char) b;
      }
      int[] firstMove = new int[states.size() + 1];
      for (int s = 0; s < states.size(); s++) {
        firstMove[s + 1] = firstMove[s] + 3 * states.get(s).getTransitions().size();
      }
      int[] moves = new int[firstMove[states.size()]];
      int[] acceptedBy = new int[states.size()];
      for (int s = 0; s < states.size(); s++) {
        acceptedBy[s] = states.get(s).isAccept() ? owner.get(s) : -1;
        Set<Transition> ts = states.get(s).getTransitions();
        int j = firstMove[s];
        for (Transition t : ts) {
          moves[j++] = classIn(points, t.getMin());
          moves[j++] = classIn(points, t.getMax());
          moves[j++] = ids.get(t.getDest());
        }
      }
      return new Nfa(points, moves, firstMove, acceptedBy, starts);
    }

    /** Appends the tables to {@code out}, in the layout {@link #read} reads. */
    void write(Varints.Writer out) {
      out.write(points.length);
      int prev = 0;
      for (char p : points) {
        out.write(p - prev);
        prev = p;
      }
      out.write(starts.length);
      for (int s : starts) {
        out.write(s);
      }
      out.write(states());
      for (int s = 0; s < states(); s++) {
        out.write(acceptedBy[s] + 1);
        out.write((firstMove[s + 1] - firstMove[s]) / 3);
        for (int m = firstMove[s]; m < firstMove[s + 1]; m += 3) {
          out.write(moves[m]);
          out.write(moves[m + 1] - moves[m]);
          out.write(moves[m + 2]);
        }
      }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @throws IllegalArgumentException when the tables are not well formed
     */
    static Nfa read(Varints.Reader in) {
      char[] points = new char[in.read()];
      int p = 0;
      for (int i = 0; i < points.length; i++) {
        p += in.read();
        if (p > Character.MAX_VALUE || (i > 0 && p <= points[i - 1])) {
          throw new IllegalArgumentException("char classes out of order");
        }
        points[i] = (char) p;
      }
      int[] starts = new int[in.read()];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = in.read();
      }
      int n = in.read();
      int[] firstMove = new int[n + 1];
      int[] moves = new int[(int) Math.min(Math.max(16, 6L * n), 1 << 20)];
      int[] acceptedBy = new int[n];
      for (int s = 0; s < n; s++) {
        acceptedBy[s] = in.read() - 1;
        if (acceptedBy[s] >= starts.length) {
          throw new IllegalArgumentException("a state accepting for no NFA");
        }
        int count = in.read();
        int j = firstMove[s];
        if (count > (Integer.MAX_VALUE - 8 - j) / 3) {
          throw new IllegalArgumentException("a state with " + count + " moves");
        }
        if (j + 3 * count > moves.length) {
          moves = Arrays.copyOf(moves, Math.max(2 * moves.length, j + 3 * count));
        }
        for (int end = j + 3 * count; j < end; j += 3) {
          moves[j] = in.read();
          moves[j + 1] = moves[j] + in.read();
          moves[j + 2] = in.read();
          if (moves[j + 1] >= points.length || moves[j + 2] >= n) {
            throw new IllegalArgumentException("a move out of the tables");
          }
        }
        firstMove[s + 1] = j;
      }
      moves = Arrays.copyOf(moves, firstMove[n]);
      for (int s : starts) {
        if (s >= n) {
          throw new IllegalArgumentException("an initial state out of the tables");
        }
      }
      return new Nfa(points, moves, firstMove, acceptedBy, starts);
    }

    /** The class of {@code c} among classes starting at {@code points}. */
    private static int classIn(char[] points, char c) {
      int i = Arrays.binarySearch(points, c);
      return i >= 0 ? i : -i - 2;
    }
  }

  int nfaStates() {
    return acceptedBy.length;
  }

  Cache newCache() {
    return new Cache();
  }

  private int classOf(char c) {
    return Nfa.classIn(points, c);
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

    private final boolean[] mark = new boolean[acceptedBy.length];
    private final int[] scratch = new int[acceptedBy.length];
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
        for (int m = firstMove[q], end = firstMove[q + 1]; m < end; m += 3) {
          int d = moves[m + 2];
          if (moves[m] <= k && k <= moves[m + 1] && !mark[d]) {
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
          by = IntArrays.append(by, acceptedBy[q]);
        }
      }
      accept[nid] = by == null ? null : IntArrays.sortedDistinct(by);
      accepting[nid * classes] = by != null;
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
