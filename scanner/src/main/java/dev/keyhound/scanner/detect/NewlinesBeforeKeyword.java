package dev.keyhound.scanner.detect;

import dk.brics.automaton.Automaton;
import dk.brics.automaton.State;
import dk.brics.automaton.Transition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most line feeds a match can hold before the first of its rule's keywords: the strings that
 * are a prefix of some match and contain no keyword yet, as an automaton, searched for its longest
 * path in line feeds. When that is bounded, every match starts within that many lines before a
 * keyword hit, so the rule's forward DFA can start there rather than read the whole text, even when
 * the rest of the match may run over unboundedly many lines ({@code key\s*=\s*value}). The same
 * automaton's longest path in chars, when it has no cycle, lets the run start that many chars
 * before the hit rather than at its line's start ({@code token\s*=\s*value} starts at most a word
 * boundary before it).
 */
final class NewlinesBeforeKeyword {
  /** Product automata larger than this are not searched (the rule reads the whole text). */
  static final int MAX_STATES = 20_000;

  private NewlinesBeforeKeyword() {}

  /**
   * How far before its first keyword a match can start.
   *
   * @param newlines the most line feeds a match holds before it, or {@link RegexAutomata#UNBOUNDED}
   * @param chars the most chars a match holds before the last char of it (so a match holding a hit
   *     that ends at {@code e} starts at or after {@code e - 1 - chars}), or {@link
   *     RegexAutomata#UNBOUNDED}
   */
  record Before(int newlines, int chars) {
    static final Before UNBOUNDED = new Before(RegexAutomata.UNBOUNDED, RegexAutomata.UNBOUNDED);
  }

  /**
   * The bounds, each {@link RegexAutomata#UNBOUNDED} when there is none.
   *
   * @param language a superset of the rule's matches, every one of which contains a keyword
   * @param containingKeyword the strings that contain a keyword (as the detector spots them)
   */
  static Before of(Automaton language, Automaton containingKeyword) {
    Automaton prefixes = language.clone();
    for (State s : prefixes.getLiveStates()) {
      s.setAccept(true);
    }
    Automaton noKeyword = containingKeyword.complement();
    if (noKeyword.getNumberOfStates() * (long) prefixes.getNumberOfStates() > 4L * MAX_STATES) {
      return Before.UNBOUNDED;
    }
    Automaton before = prefixes.intersection(noKeyword);
    before.removeDeadTransitions();
    if (before.getNumberOfStates() > MAX_STATES) {
      return Before.UNBOUNDED;
    }
    return longest(before);
  }

  /**
   * The longest path from the initial state (every state left is live), in line feeds and in chars,
   * each UNBOUNDED when a cycle reads one: strongly connected components, then the longest path
   * over them.
   */
  private static Before longest(Automaton a) {
    Map<State, Integer> ids = new HashMap<>();
    List<State> states = new ArrayList<>();
    ArrayDeque<State> queue = new ArrayDeque<>(List.of(a.getInitialState()));
    ids.put(a.getInitialState(), 0);
    states.add(a.getInitialState());
    while (!queue.isEmpty()) {
      for (Transition t : queue.poll().getTransitions()) {
        if (!ids.containsKey(t.getDest())) {
          ids.put(t.getDest(), states.size());
          states.add(t.getDest());
          queue.add(t.getDest());
        }
      }
    }
    int n = states.size();
    int[][] to = new int[n][];
    boolean[][] feeds = new boolean[n][];
    for (int s = 0; s < n; s++) {
      List<Transition> ts = new ArrayList<>(states.get(s).getTransitions());
      to[s] = new int[ts.size()];
      feeds[s] = new boolean[ts.size()];
      for (int k = 0; k < ts.size(); k++) {
        to[s][k] = ids.get(ts.get(k).getDest());
        feeds[s][k] = ts.get(k).getMin() <= '\n' && '\n' <= ts.get(k).getMax();
      }
    }
    int[] comp = components(to);
    // Tarjan numbers components in reverse topological order: successors get lower numbers.
    int comps = Arrays.stream(comp).max().orElse(-1) + 1;
    List<List<Integer>> members = new ArrayList<>();
    for (int c = 0; c < comps; c++) {
      members.add(new ArrayList<>());
    }
    for (int s = 0; s < n; s++) {
      members.get(comp[s]).add(s);
    }
    // Per component, the longest path from it; UNBOUNDED once a cycle on the way reads one.
    long[] lines = new long[comps];
    long[] chars = new long[comps];
    for (int c = 0; c < comps; c++) {
      long maxLines = 0;
      long maxChars = 0;
      for (int s : members.get(c)) {
        for (int k = 0; k < to[s].length; k++) {
          int d = comp[to[s][k]];
          if (d == c) {
            maxChars = RegexAutomata.UNBOUNDED;
            if (feeds[s][k]) {
              maxLines = RegexAutomata.UNBOUNDED;
            }
          } else {
            maxLines = Math.max(maxLines, lines[d] + (feeds[s][k] ? 1 : 0));
            maxChars = Math.max(maxChars, chars[d] + 1);
          }
        }
      }
      lines[c] = Math.min(maxLines, RegexAutomata.UNBOUNDED);
      chars[c] = Math.min(maxChars, RegexAutomata.UNBOUNDED);
    }
    return new Before((int) lines[comp[0]], (int) chars[comp[0]]);
  }

  /** Tarjan's strongly connected components, iteratively; numbered in reverse topological order. */
  private static int[] components(int[][] to) {
    int n = to.length;
    int[] index = new int[n];
    int[] low = new int[n];
    int[] comp = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    int[] stack = new int[n];
    int sp = 0;
    int[] callState = new int[n];
    int[] callEdge = new int[n];
    int next = 0;
    int comps = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int depth = 0;
      callState[0] = root;
      callEdge[0] = 0;
      index[root] = low[root] = next++;
      stack[sp++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = callState[depth];
        if (callEdge[depth] < to[v].length) {
          int w = to[v][callEdge[depth]++];
          if (index[w] < 0) {
            index[w] = low[w] = next++;
            stack[sp++] = w;
            onStack[w] = true;
            depth++;
            callState[depth] = w;
            callEdge[depth] = 0;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        if (low[v] == index[v]) {
          int w;
          do {
            w = stack[--sp];
            onStack[w] = false;
            comp[w] = comps;
          } while (w != v);
          comps++;
        }
        depth--;
        if (depth >= 0) {
          int parent = callState[depth];
          low[parent] = Math.min(low[parent], low[v]);
        }
      }
    }
    return comp;
  }
}
