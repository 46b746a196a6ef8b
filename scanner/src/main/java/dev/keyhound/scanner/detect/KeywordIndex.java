package dev.keyhound.scanner.detect;

import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick over lower-cased ASCII keywords, compiled to a full DFA table indexed by state and
 * ASCII char, so the scan of ASCII text is two array reads per char (the char, the next state).
 * Hand-written because the Java libraries run at a third of the speed the detector needs and
 * allocate per hit; this one appends (start, keyword id) pairs to one int array. (A probe of a
 * table of keywords' first two chars at every position, then a trie walk, measured 40% slower on
 * Python sources.)
 */
final class KeywordIndex {
  /**
   * The keyword id of a hit that is a char which a case-insensitive regex may read as a keyword's
   * ASCII char although it does not lower-case to it (U+017F, U+0130: see {@link KeywordChars}); it
   * counts as a hit of every keyword for windows, and of none for triggering rules.
   */
  static final int ANY_KEYWORD = -1;

  private final List<String> keywords;
  private final int[] lengths;

  /** The longest keyword's length. */
  private final int maxLength;

  /**
   * For a char at or past 128: the ASCII char that steps the automaton as it does (the ASCII char
   * it lower-cases to, else a line feed, which is in no keyword), or {@link #SPECIAL} when it must
   * be fed as several chars ({@link #specialLowered}). ASCII chars are fed as they are, so the scan
   * of ASCII text reads no class table (on C1, which keeps every bounds check, a load and a check
   * less per char).
   */
  private final char[] asAscii = new char[Character.MAX_VALUE + 1];

  /** {@link #asAscii} of a char that lower-cases to several chars or folds to a keyword char. */
  private static final char SPECIAL = Character.MAX_VALUE;

  /**
   * The transitions: the row of a state holds the next state for each ASCII char, multiplied by the
   * row width ({@link #WIDTH}), so a step is one add and one load.
   */
  private final int[] premultiplied;

  /** Columns of {@link #premultiplied}: one per ASCII char. */
  private static final int WIDTH = 128;

  /**
   * For each special char, the ASCII chars that step the automaton as the chars it lower-cases to
   * do, fed in turn: what {@code String.toLowerCase(Locale.ROOT)} makes of it, so that triggering
   * stays exact.
   */
  private final char[][] specialLowered = new char[Character.MAX_VALUE + 1][];

  /**
   * States are numbered so that those where a keyword ends come last, from a power of two (times
   * the row width) on, which no state without output reaches: a premultiplied state at or past this
   * one has output. A compare beside the chain of table loads, where a table of flags would add a
   * load per char; and being a power of two, one compare of the bitwise or of several states tells
   * whether any of them has output.
   */
  private final int firstOutput;

  /**
   * Per state, the ids of the keywords that end there (own and through failure links); null for
   * none.
   */
  private final int[][] outputs;

  /**
   * @param keywords distinct, non-empty, lower-case ASCII without line feeds
   */
  KeywordIndex(List<String> keywords) {
    this.keywords = List.copyOf(keywords);
    this.lengths = new int[keywords.size()];
    int longest = 1;
    for (int id = 0; id < lengths.length; id++) {
      lengths[id] = keywords.get(id).length();
      longest = Math.max(longest, lengths[id]);
    }
    this.maxLength = longest;
    byte[] asciiClass = new byte[128];
    int next = 1;
    for (String k : keywords) {
      for (char c : k.toCharArray()) {
        if (c >= 128 || c == '\n' || Character.toLowerCase(c) != c) {
          throw new IllegalArgumentException(
              "keyword must be lower-case ASCII without line feeds: " + k);
        }
        if (asciiClass[c] == 0) {
          asciiClass[c] = (byte) next++;
        }
      }
    }
    int classes = next;
    // ASCII chars step as themselves; of the others, only those that count towards some keyword
    // (KeywordChars.notNone) need a look: the rest step as a line feed, which is in no keyword.
    Arrays.fill(asAscii, 128, asAscii.length, '\n');
    for (char c = 0; c < 128; c++) {
      asAscii[c] = c;
    }
    for (char c : KeywordChars.notNone()) {
      if (c < 128) {
        continue;
      }
      int lower = KeywordChars.asciiLower(c);
      asAscii[c] = lower >= 0 ? (char) lower : '\n';
      if (lower == KeywordChars.SPECIAL) {
        asAscii[c] = SPECIAL;
        String lowered = String.valueOf(c).toLowerCase(java.util.Locale.ROOT);
        char[] fed = new char[lowered.length()];
        for (int j = 0; j < fed.length; j++) {
          char l = lowered.charAt(j);
          fed[j] = l < 128 ? l : '\n';
        }
        specialLowered[c] = fed;
      }
    }
    // The automaton over primitive arrays, its loops in small methods of their own: this runs at
    // the start of every scan that builds the fast detector, on the path to its first text, and
    // mostly interpreted. Rows and id lists as boxed collections, in one method the JIT compiled
    // twice (on stack replacement, then whole), took ~22 ms cold for the built-in pack.
    int maxStates = 1;
    for (String k : keywords) {
      maxStates += k.length();
    }
    int[] delta = new int[maxStates * classes];
    int[][] out = new int[maxStates][];
    int n = 1;
    for (int id = 0; id < keywords.size(); id++) {
      n = addToTrie(keywords.get(id), id, asciiClass, classes, delta, out, n);
    }
    // Breadth-first: failure links folded into a complete transition table, in place.
    int[] fail = new int[n];
    int[] queue = new int[n];
    int tail = 0;
    for (int k = 1; k < classes; k++) {
      if (delta[k] != 0) {
        queue[tail++] = delta[k];
      }
    }
    for (int head = 0; head < tail; head++) {
      tail = complete(queue[head], classes, delta, out, fail, queue, tail);
    }
    // Renumber: states without output first (the root, 0, has none), then those with output from
    // a power of two on, past which none without output lies.
    int withoutOutput = 0;
    for (int st = 0; st < n; st++) {
      withoutOutput += out[st] == null ? 1 : 0;
    }
    int first = Integer.highestOneBit(Math.max(2, Math.max(withoutOutput, n - withoutOutput)) - 1);
    first <<= 1;
    int[] renumbered = new int[n];
    int plain = 0;
    int withOut = first;
    for (int st = 0; st < n; st++) {
      renumbered[st] = out[st] == null ? plain++ : withOut++;
    }
    this.firstOutput = first * WIDTH;
    this.outputs = new int[withOut][];
    this.premultiplied = new int[withOut * WIDTH];
    // The class of each ASCII char once, not per state.
    int[] classOf = new int[WIDTH];
    for (int c = 0; c < WIDTH; c++) {
      classOf[c] = asciiClass[KeywordChars.asciiLower((char) c)];
    }
    for (int st = 0; st < n; st++) {
      int r = renumbered[st];
      if (out[st] != null) {
        outputs[r] = IntArrays.sortedDistinct(out[st]);
      }
      fillRow(premultiplied, r * WIDTH, delta, st * classes, classOf, renumbered);
    }
  }

  /** Adds keyword {@code id} to the trie of {@code n} states in {@code delta}; the new count. */
  private static int addToTrie(
      String keyword, int id, byte[] asciiClass, int classes, int[] delta, int[][] out, int n) {
    int s = 0;
    for (int i = 0; i < keyword.length(); i++) {
      int at = s * classes + asciiClass[keyword.charAt(i)];
      if (delta[at] == 0) {
        delta[at] = n++;
      }
      s = delta[at];
    }
    out[s] = IntArrays.append(out[s], id);
    return n;
  }

  /**
   * Completes state {@code s}'s row of the transition table (its trie moves stay; every other class
   * moves as from its failure state, whose row is complete: it is shallower), sets its children's
   * failure links and queues them, and adds its failure state's keywords to its own; the new queue
   * length. Class 0 (no keyword's char) leads back to the root from everywhere.
   */
  private static int complete(
      int s, int classes, int[] delta, int[][] out, int[] fail, int[] queue, int tail) {
    int f = fail[s];
    if (out[f] != null) {
      for (int id : out[f]) {
        out[s] = IntArrays.append(out[s], id);
      }
    }
    int row = s * classes;
    int failRow = f * classes;
    for (int k = 1; k < classes; k++) {
      int t = delta[row + k];
      if (t != 0) {
        fail[t] = delta[failRow + k];
        queue[tail++] = t;
      } else {
        delta[row + k] = delta[failRow + k];
      }
    }
    return tail;
  }

  /** One state's row of the premultiplied table, from its row by class. */
  private static void fillRow(
      int[] premultiplied, int to, int[] delta, int row, int[] classOf, int[] renumbered) {
    for (int c = 0; c < WIDTH; c++) {
      premultiplied[to + c] = renumbered[delta[row + classOf[c]]] * WIDTH;
    }
  }

  List<String> keywords() {
    return keywords;
  }

  /**
   * Every keyword occurrence as (start offset, keyword id) pairs, ordered by end, with a pair
   * (offset, {@link #ANY_KEYWORD}) for each char that cannot be judged one at a time (see {@link
   * KeywordChars}).
   */
  Hits scan(char[] text) {
    return scan(text, text.length, null);
  }

  /**
   * As {@link #scan(char[])}, stepping {@code dfa} (when not null) through the same chars in the
   * same loop: the two chains of table loads then overlap in the CPU instead of taking a pass each.
   * The positions just after a char that leaves the DFA accepting come back in {@link
   * Hits#dfaEnds}, with which of its NFAs accept there (resolved at once: a state id means nothing
   * after the DFA's cache is flushed); the end of the text is fed to the DFA as {@link
   * RegexAutomata#END_OF_TEXT}. The text is {@code text[0, length)}: the array may hold more after
   * it (a buffer reused from text to text), which is not read.
   */
  Hits scan(char[] text, int length, LazyDfa.Cache dfa) {
    return dfa == null ? keywordsOnly(text, length) : withDfa(text, length, dfa);
  }

  /**
   * The keyword pass alone (the loop every text runs when no rule reads the whole text). A text of
   * some length is read as four quarters in one loop, each with its own automaton state: a step is
   * two dependent loads, so one chain of them leaves the CPU waiting on each, and independent
   * chains overlap (two halves measured 1.25x one pass, four quarters 1.35x). A text with a char
   * that lower-cases to several or folds to a keyword char ({@link KeywordChars}: rare) is read in
   * one pass instead, which keeps the quarters' loop small for the JIT.
   */
  private Hits keywordsOnly(char[] text, int length) {
    long[] found = length < 2 * MIN_HALF ? null : quarters(text, length);
    return found != null ? expand(found, length >>> 2) : onePass(text, length);
  }

  /**
   * The four quarters' records, or null when the text holds a special char. Each quarter's state
   * starts {@link #maxLength} - 1 chars before it, enough to see every keyword that ends in it. A
   * step into a state with output only records (end, state) in one array; the loop tests once for
   * the four steps whether any has output and otherwise holds no call and no capacity check: a
   * small method that the JIT compiles quickly, in which C1 (which keeps every bounds check and
   * spills what does not fit in registers) emits few instructions per char. The records are put
   * back in text order and expanded to hits afterwards ({@link #expand}); the last element holds
   * their count.
   */
  private long[] quarters(char[] text, int len) {
    int q = len >>> 2;
    int q2 = 2 * q;
    int q3 = 3 * q;
    int sb = warmTo(text, q);
    int sc = warmTo(text, q2);
    int se = warmTo(text, q3);
    int sa = 0;
    final int[] d = premultiplied;
    final char[] ascii = asAscii;
    final int withOutput = firstOutput;
    long[] found = new long[32];
    int n = 0;
    for (int i = 0; i < q; i++) {
      int ka = text[i];
      int kb = text[i + q];
      int kc = text[i + q2];
      int ke = text[i + q3];
      if ((ka | kb | kc | ke) >= WIDTH) {
        ka = ascii[ka];
        kb = ascii[kb];
        kc = ascii[kc];
        ke = ascii[ke];
        if ((ka | kb | kc | ke) >= WIDTH) {
          return null;
        }
      }
      sa = d[sa + ka];
      sb = d[sb + kb];
      sc = d[sc + kc];
      se = d[se + ke];
      if ((sa | sb | sc | se) >= withOutput) {
        if (found.length - n < 5) {
          found = Arrays.copyOf(found, 2 * found.length);
        }
        if (sa >= withOutput) {
          found[n++] = (long) (i + 1) << 32 | sa;
        }
        if (sb >= withOutput) {
          found[n++] = (long) (i + q + 1) << 32 | sb;
        }
        if (sc >= withOutput) {
          found[n++] = (long) (i + q2 + 1) << 32 | sc;
        }
        if (se >= withOutput) {
          found[n++] = (long) (i + q3 + 1) << 32 | se;
        }
      }
    }
    for (int i = 4 * q; i < len; i++) {
      int k = ascii[text[i]];
      if (k == SPECIAL) {
        return null;
      }
      se = d[se + k];
      if (se >= withOutput) {
        found = n + 1 < found.length ? found : Arrays.copyOf(found, 2 * found.length);
        found[n++] = (long) (i + 1) << 32 | se;
      }
    }
    found[found.length - 1] = n;
    return found;
  }

  /**
   * Hits from (end, premultiplied state) records: within a quarter they are in end order, so
   * putting the quarters' records one after another (a stable partition by quarter) orders them.
   */
  private Hits expand(long[] found, int q) {
    int n = (int) found[found.length - 1];
    int[] starts = new int[5];
    for (int r = 0; r < n; r++) {
      starts[quarterOf(found[r], q) + 1]++;
    }
    for (int k = 1; k < 5; k++) {
      starts[k] += starts[k - 1];
    }
    long[] ordered = new long[n];
    for (int r = 0; r < n; r++) {
      ordered[starts[quarterOf(found[r], q)]++] = found[r];
    }
    int[] pairs = new int[Math.max(32, 2 * n)];
    int count = 0;
    for (long rec : ordered) {
      int s = (int) rec;
      pairs = addHits(pairs, count, s, (int) (rec >>> 32));
      count += 2 * outputs[s / WIDTH].length;
    }
    return new Hits(pairs, count, null, null, 0);
  }

  /** The quarter (0 to 3) a record's end falls in. */
  private static int quarterOf(long record, int q) {
    int end = (int) (record >>> 32);
    return Math.min(3, (end - 1) / q);
  }

  /** The state a quarter starting at {@code to} starts in. */
  private int warmTo(char[] text, int to) {
    final int[] d = premultiplied;
    final char[] ascii = asAscii;
    int s = 0;
    for (int i = Math.max(0, to - (maxLength - 1)); i < to; i++) {
      int k = ascii[text[i]];
      // warm() is too large for C1 to inline: called for special chars only.
      s = k != SPECIAL ? d[s + k] : warm(s, text[i]);
    }
    return s;
  }

  /** The keyword pass over the text in one piece (what the quarters must add up to). */
  Hits onePass(char[] text) {
    return onePass(text, text.length);
  }

  private Hits onePass(char[] text, int length) {
    Out one = new Out();
    for (int i = 0; i < length; i++) {
      stepOne(text, i, one);
    }
    return one.hits();
  }

  /** A text shorter than twice this is read in one pass. */
  private static final int MIN_HALF = 64;

  /** The state after {@code c}, reporting nothing: warming a quarter's state up. */
  private int warm(int s, char c) {
    int k = asAscii[c];
    if (k != SPECIAL) {
      return premultiplied[s + k];
    }
    for (char l : specialLowered[c]) {
      s = premultiplied[s + l];
    }
    return s;
  }

  /** Steps one quarter through the char at {@code i}, reporting its hits. */
  private void stepOne(char[] text, int i, Out out) {
    char c = text[i];
    int k = asAscii[c];
    int s = out.state;
    if (k == SPECIAL) {
      // Step through what the char lower-cases to, and mark it for the windows.
      char[] lowered = specialLowered[c];
      for (int j = 0; j < lowered.length - 1; j++) {
        s = premultiplied[s + lowered[j]];
        if (s >= firstOutput) {
          out.add(s, i + 1);
        }
      }
      out.mark(i);
      k = lowered[lowered.length - 1];
    }
    s = premultiplied[s + k];
    if (s >= firstOutput) {
      out.add(s, i + 1);
    }
    out.state = s;
  }

  /** One quarter's automaton state and hits so far. */
  private final class Out {

    int state;
    int[] pairs = new int[32];
    int count;

    /** Adds the hits of the keywords ending in premultiplied state {@code s} at {@code end}. */
    void add(int s, int end) {
      pairs = addHits(pairs, count, s, end);
      count += 2 * outputs[s / WIDTH].length;
    }

    void mark(int at) {
      if (count + 2 > pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[count++] = at;
      pairs[count++] = ANY_KEYWORD;
    }

    Hits hits() {
      return new Hits(pairs, count, null, null, 0);
    }
  }

  private Hits withDfa(char[] text, int length, LazyDfa.Cache dfa) {
    int[] hits = new int[32];
    int count = 0;
    int[] ends = new int[8];
    int[][] accepted = new int[8][];
    int endCount = 0;
    int s = 0;
    int q = dfa.start();
    final int[] d = premultiplied;
    final char[] ascii = asAscii;
    final int withOutput = firstOutput;
    // The DFA's step, inline (see LazyDfa.Cache#table): C1 inlines no method as large as step.
    int[] dfaClasses = dfa.asciiClasses();
    int[] table = dfa.table();
    boolean[] accepting = dfa.accepting();
    for (int i = 0; i < length; i++) {
      char c = text[i];
      int k = ascii[c];
      if (k == SPECIAL) {
        char[] lowered = specialLowered[c];
        for (int j = 0; j < lowered.length - 1; j++) {
          s = d[s + lowered[j]];
          if (s >= withOutput) {
            hits = addHits(hits, count, s, i + 1);
            count += 2 * outputs[s / WIDTH].length;
          }
        }
        if (count + 2 > hits.length) {
          hits = Arrays.copyOf(hits, hits.length * 2);
        }
        hits[count++] = i;
        hits[count++] = ANY_KEYWORD;
        k = lowered[lowered.length - 1];
      }
      s = d[s + k];
      int dk = c < 128 ? dfaClasses[c] : dfa.classOf(c);
      int t = table[q + dk];
      if (t < 0) {
        t = dfa.compute(q, dk);
        table = dfa.table();
        accepting = dfa.accepting();
      }
      q = t;
      if (accepting[q]) {
        if (endCount == ends.length) {
          ends = Arrays.copyOf(ends, ends.length * 2);
          accepted = Arrays.copyOf(accepted, ends.length);
        }
        accepted[endCount] = dfa.accepted(q);
        ends[endCount++] = i + 1;
      }
      if (s >= withOutput) {
        hits = addHits(hits, count, s, i + 1);
        count += 2 * outputs[s / WIDTH].length;
      }
    }
    q = dfa.step(q, RegexAutomata.END_OF_TEXT);
    if (dfa.accepts(q)) {
      if (endCount == ends.length) {
        ends = Arrays.copyOf(ends, ends.length * 2);
        accepted = Arrays.copyOf(accepted, ends.length);
      }
      accepted[endCount] = dfa.accepted(q);
      ends[endCount++] = length;
    }
    return new Hits(hits, count, ends, accepted, endCount);
  }

  /**
   * Appends the hits of the keywords ending in premultiplied state {@code s} at {@code end}; the
   * caller advances its count by two per keyword.
   */
  private int[] addHits(int[] hits, int count, int s, int end) {
    for (int id : outputs[s / WIDTH]) {
      if (count + 2 > hits.length) {
        hits = Arrays.copyOf(hits, hits.length * 2);
      }
      hits[count++] = end - lengths[id];
      hits[count++] = id;
    }
    return hits;
  }

  /**
   * Keyword hits as flat (start, keyword id) pairs; DFA match ends, each with the indexes of the
   * NFAs that accept there.
   */
  record Hits(int[] pairs, int length, int[] dfaEnds, int[][] dfaAccepted, int dfaCount) {}
}
