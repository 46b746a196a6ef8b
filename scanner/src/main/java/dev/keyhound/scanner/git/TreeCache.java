package dev.keyhound.scanner.git;

import dev.keyhound.scanner.PhaseTrace;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * A reader that keeps recently inflated trees. Diffing each commit against its parents reads every
 * tree twice (as the child's and again as the parent's, usually the very next commit in the walk);
 * JGit caches pack windows and delta bases but not inflated trees. Single-threaded, bounded by
 * total bytes.
 */
final class TreeCache extends ObjectReader.Filter {
  /**
   * A commit's changed trees are a few per changed path, and the parent is nearly always the next
   * commit walked, so a few MiB hold what is read twice: 16 MiB cost a 1 GB history (181,013 trees,
   * 475 MB inflated) the same CPU as 64 MiB, which were a sixth of its live heap.
   */
  private static final long MAX_BYTES = 16L << 20;

  private final ObjectReader delegate;
  private long bytes;
  private final Map<ObjectId, byte[]> trees =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectId, byte[]> eldest) {
          if (bytes > MAX_BYTES) {
            bytes -= eldest.getValue().length;
            return true;
          }
          return false;
        }
      };

  private final PackPrefetch prefetch;

  /**
   * Tree reads from the delegate timed together: the prefetch begins at the end of a round whose
   * median read passes {@link #SLOW_READ_NANOS}, the first round aside, which includes the JIT's
   * warm-up (its median was 4-26 µs where the later ones were 1-5). A median, not a mean: a
   * collection or a preemption during a few reads moved a round's mean from 3 to 40 µs.
   */
  static final int ROUND = 1000;

  /**
   * A round's median tree read (from the delegate) past which the prefetch pays. Rounds after the
   * first, without the prefetch (2 cores, 2 runs each): psf/requests' history 1-2 µs, two generated
   * histories repacked by {@code git repack -adf} 2-4 and 2-5 µs (where the prefetch cost 0-3% of
   * the CPU), the same two as written 18-25 and 12-26 µs (where it saved 8 and 18%). Reads are
   * timed by the clock, so a machine busy with other work stretches them: there the prefetch may
   * begin where it does not pay, as it always did before this rule (~3% of the CPU).
   */
  static final long SLOW_READ_NANOS = 8_000;

  /**
   * Rounds timed at most: a walk whose reads were fast for this long does without the prefetch, and
   * stops noting the trees it read for one (their ids, for a prefetch begun late to pass over).
   */
  static final int MAX_ROUNDS = 10;

  private final LongSupplier clock;
  private final int round;
  private long[] timed;
  private int timedReads;
  private int rounds;

  TreeCache(ObjectReader delegate) {
    this(delegate, null);
  }

  /**
   * @param prefetch trees inflated ahead on another thread, consulted before the delegate (may be
   *     null); begun here when the delegate's reads are slow, if not begun already
   */
  TreeCache(ObjectReader delegate, PackPrefetch prefetch) {
    this(delegate, prefetch, System::nanoTime, ROUND);
  }

  /**
   * As above, timing the delegate's reads by {@code clock} in rounds of {@code round} reads
   * (tests).
   */
  TreeCache(ObjectReader delegate, PackPrefetch prefetch, LongSupplier clock, int round) {
    this.delegate = delegate;
    this.prefetch = prefetch;
    this.clock = clock;
    this.round = round;
  }

  @Override
  protected ObjectReader delegate() {
    return delegate;
  }

  @Override
  public ObjectLoader open(AnyObjectId id, int typeHint) throws IOException {
    if (typeHint != Constants.OBJ_TREE) {
      return delegate.open(id, typeHint);
    }
    byte[] raw = trees.get(id);
    if (raw == null && prefetch != null) {
      raw = prefetch.takeTree(id);
      if (raw != null) {
        bytes += raw.length;
        trees.put(id.copy(), raw);
      }
    }
    if (raw == null) {
      raw = prefetch == null || prefetch.begun() || rounds >= MAX_ROUNDS ? read(id) : timedRead(id);
      if (prefetch != null && (prefetch.begun() || rounds < MAX_ROUNDS)) {
        prefetch.walked(id);
      }
      bytes += raw.length;
      trees.put(id.copy(), raw);
    }
    return new ObjectLoader.SmallObject(Constants.OBJ_TREE, raw);
  }

  private byte[] read(AnyObjectId id) throws IOException {
    return delegate.open(id, Constants.OBJ_TREE).getCachedBytes();
  }

  /**
   * A read from the delegate, timed; begins the prefetch at the end of a slow round after the
   * first.
   */
  private byte[] timedRead(AnyObjectId id) throws IOException {
    long start = clock.getAsLong();
    byte[] raw = read(id);
    if (timed == null) {
      timed = new long[round];
    }
    timed[timedReads] = clock.getAsLong() - start;
    if (++timedReads == round) {
      Arrays.sort(timed);
      long median = timed[round / 2];
      if (rounds++ > 0 && median > SLOW_READ_NANOS) {
        PhaseTrace.mark(
            "history: tree reads take " + median / 1000 + " µs each (median), prefetch begun");
        prefetch.begin();
      }
      timedReads = 0;
      if (rounds == MAX_ROUNDS && !prefetch.begun()) {
        prefetch.forgetWalked(); // fast enough for long enough: the prefetch is not begun
      }
    }
    return raw;
  }

  /** Leaves the delegate open: it belongs to the caller. */
  @Override
  public void close() {
    trees.clear();
  }
}
