package dev.keyhound.scanner.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Inflates a repository's trees, then its blobs, on a second thread, in pack order, while the
 * introduction walk diffs commits on the first: that walk keeps one core busy and leaves the other
 * idle, most of its work is inflating trees, and the blobs it will ask for next are (in a repacked
 * repository) nearly all of the pack's. Object types come from the pack's entry headers ({@link
 * PackTypes}), so trees go first without inflating the blobs between them. The walk and the blob
 * reader take what is ready and read the rest themselves, so the prefetch changes when an object is
 * inflated, never what it holds. Bounded in bytes: trees, which the walk takes as it goes, are
 * inflated ahead of it by at most the budget (the prefetch waits for the walk to take some, and
 * drops the oldest it holds if the walk takes none for a while: those the walk read before the
 * prefetch got to them); blobs, taken only after the walk, cover the first part of the pack.
 */
final class PackPrefetch implements AutoCloseable {
  /**
   * Trees in the order they were inflated, so that the oldest can be dropped; under {@link #room}.
   */
  private final Map<ObjectId, byte[]> trees = new LinkedHashMap<>();

  /** Guards {@link #trees}; signalled when the walk takes a tree. */
  private final Object room = new Object();

  private final Map<ObjectId, byte[]> blobs = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long treeBudget;
  private final long blobBudget;
  private final long maxBlobSize;
  private final boolean blobsToo;
  private volatile boolean stopped;
  private long dropped;
  private final Thread thread;

  /**
   * Trees the walk has read itself, which the prefetch then passes over: begun late, it starts at
   * the front of the pack, whose trees (in a pack of newest versions first) the walk read already.
   */
  private final Set<ObjectId> walked = ConcurrentHashMap.newKeySet();

  /** Whether the thread was started (at once, or by {@link #begin}); set under {@link #room}. */
  private volatile boolean begun;

  private PackPrefetch(
      Repository repo, long treeBudget, long blobBudget, long maxBlobSize, boolean blobs) {
    this.blobsToo = blobs;
    this.treeBudget = treeBudget;
    this.blobBudget = blobBudget;
    this.maxBlobSize = maxBlobSize;
    thread = new Thread(() -> run(repo), "keyhound-pack-prefetch");
    thread.setDaemon(true);
  }

  /** Starts prefetching; blobs over {@code maxBlobSize} (which the scan skips) are left alone. */
  static PackPrefetch start(Repository repo, long maxBlobSize) {
    return start(repo, maxBlobSize, true);
  }

  /**
   * Starts prefetching trees, and blobs too if {@code blobs} (not when blobs are read as the walk
   * finds them: the prefetch would inflate them a second time).
   */
  static PackPrefetch start(Repository repo, long maxBlobSize, boolean blobs) {
    return start(repo, maxBlobSize, blobs, TREE_BUDGET);
  }

  /** As above, with trees inflated at most {@code treeBudget} bytes ahead of the walk (tests). */
  static PackPrefetch start(Repository repo, long maxBlobSize, boolean blobs, long treeBudget) {
    PackPrefetch p = onDemand(repo, maxBlobSize, blobs, treeBudget);
    p.begin();
    return p;
  }

  /**
   * A prefetch of trees that starts only when {@link #begin} is called: by the walk's reader
   * ({@link TreeCache}), once its own tree reads turn out slow. In a pack whose newer versions are
   * stored whole and older ones as deltas of them (what {@code git gc}, {@code git repack} and a
   * clone write), the walk, newest commits first, reads trees about as fast as the prefetch would,
   * and on 2 cores the prefetch's own work (ordering the index by offset, reading every entry's
   * header) only took CPU from the scan: psf/requests' history 2.47 -> 2.40 CPU-s without it, a
   * 1.03 GB one repacked by {@code git repack -adf} 10.64 -> 10.35. Where the walk has to rebuild
   * long delta chains from older versions (a pack written in creation order by {@code git
   * fast-import}, or repacked without new deltas) its reads take a median 12-26 µs each instead of
   * 1-5, and the prefetch, reading in pack order, saved 8-18% of the CPU.
   */
  static PackPrefetch onDemand(Repository repo, long maxBlobSize) {
    return onDemand(repo, maxBlobSize, false, TREE_BUDGET);
  }

  private static PackPrefetch onDemand(
      Repository repo, long maxBlobSize, boolean blobs, long treeBudget) {
    long blobBudget = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    return new PackPrefetch(repo, treeBudget, blobBudget, maxBlobSize, blobs);
  }

  /** Starts the prefetch unless it has started or been stopped already. */
  void begin() {
    synchronized (room) {
      if (begun || stopped) {
        return;
      }
      begun = true;
    }
    thread.start();
  }

  /** Notes a tree the walk read itself: the prefetch need not inflate it (see {@link #walked}). */
  void walked(AnyObjectId id) {
    if (!stopped) {
      walked.add(id.copy());
    }
  }

  /** Forgets the trees noted by {@link #walked}: the prefetch will not be begun. */
  void forgetWalked() {
    walked.clear();
  }

  /** Whether the prefetch has started (traces, tests). */
  boolean begun() {
    return begun;
  }

  /**
   * How far ahead of the walk trees are inflated, in bytes. The walk takes them about as fast as
   * they are inflated, so a few MiB would do; it was 256 MiB, held for the whole walk (a quarter of
   * the live heap of a 1 GB history), and 32 MiB costs the same CPU.
   */
  static final long TREE_BUDGET = 32L << 20;

  /** The tree's raw bytes if already inflated (each handed out once), or null. */
  byte[] takeTree(AnyObjectId id) {
    synchronized (room) {
      byte[] raw = take(trees, id);
      if (raw != null) {
        room.notifyAll();
      }
      return raw;
    }
  }

  /** The blob's bytes if already inflated (each handed out once), or null. */
  byte[] takeBlob(AnyObjectId id) {
    return take(blobs, id);
  }

  private byte[] take(Map<ObjectId, byte[]> from, AnyObjectId id) {
    byte[] raw = from.remove(id);
    if (raw != null) {
      bytes.addAndGet(-raw.length);
    }
    return raw;
  }

  /**
   * Stops inflating more (what is ready stays available): the walk is over and the scan needs the
   * core.
   */
  void stop() {
    synchronized (room) {
      stopped = true;
      room.notifyAll();
    }
  }

  /** How many trees were dropped untaken (tests, traces). */
  long dropped() {
    synchronized (room) {
      return dropped;
    }
  }

  /**
   * Waits until the prefetch has gone through the pack or stopped; at once if never begun (tests).
   */
  void join() throws InterruptedException {
    thread.join();
  }

  private void run(Repository repo) {
    try (ObjectReader reader = repo.newObjectReader()) {
      Packed packed = packed(repo);
      // Trees first: the walk needs them now, the blobs only after it.
      int[] types =
          blobsToo
              ? new int[] {Constants.OBJ_TREE, Constants.OBJ_BLOB}
              : new int[] {Constants.OBJ_TREE};
      for (int type : types) {
        for (int i = 0; i < packed.ids().length; i++) {
          if (stopped
              || (type == Constants.OBJ_TREE ? !roomForTrees() : bytes.get() > blobBudget)) {
            return;
          }
          ObjectId id = packed.ids()[i];
          if (packed.types()[i] == type && !(type == Constants.OBJ_TREE && walked.remove(id))) {
            prefetch(reader, id, type);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // only a speed-up: the walk and the reader read, and report, whatever the prefetch could not
    }
  }

  private void prefetch(ObjectReader reader, ObjectId id, int type) throws IOException {
    ObjectLoader loader = reader.open(id, type);
    if (loader.isLarge() || loader.getType() != type || loader.getSize() > maxBlobSize) {
      return;
    }
    byte[] raw = loader.getCachedBytes();
    if (type == Constants.OBJ_TREE) {
      synchronized (room) {
        trees.put(id, raw);
        bytes.addAndGet(raw.length);
      }
    } else {
      blobs.put(id, raw);
      bytes.addAndGet(raw.length);
    }
  }

  /**
   * Waits while the trees held are over the budget and the walk is taking them; when it has taken
   * none for {@link #STALL_MILLIS}, drops the oldest (the walk has passed them, or will read them
   * itself). False once stopped.
   */
  private boolean roomForTrees() throws InterruptedException {
    synchronized (room) {
      while (!stopped && bytes.get() > treeBudget) {
        long before = bytes.get();
        room.wait(STALL_MILLIS);
        if (!stopped && bytes.get() >= before) {
          Iterator<byte[]> oldest = trees.values().iterator();
          while (oldest.hasNext() && bytes.get() > treeBudget) {
            bytes.addAndGet(-oldest.next().length);
            oldest.remove();
            dropped++;
          }
        }
      }
      return !stopped;
    }
  }

  /** How long the prefetch waits for the walk to take a tree before it drops the oldest. */
  private static final long STALL_MILLIS = 50;

  private record Packed(ObjectId[] ids, byte[] types) {}

  /**
   * The largest pack's objects by offset, with their types (a repacked repository has one pack).
   */
  private static Packed packed(Repository repo) throws IOException {
    if (!(repo.getObjectDatabase() instanceof ObjectDirectory dir) || dir.getPacks().isEmpty()) {
      return new Packed(new ObjectId[0], new byte[0]);
    }
    Pack largest =
        dir.getPacks().stream().max(Comparator.comparingLong(p -> p.getPackFile().length())).get();
    PackIndex index = largest.getIndex();
    record At(ObjectId id, long offset) {}
    List<At> at = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, index.getObjectCount()));
    for (PackIndex.MutableEntry e : index) {
      at.add(new At(e.toObjectId(), e.getOffset()));
    }
    at.sort(Comparator.comparingLong(At::offset));
    ObjectId[] ids = new ObjectId[at.size()];
    long[] offsets = new long[at.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = at.get(i).id();
      offsets[i] = at.get(i).offset();
    }
    return new Packed(ids, PackTypes.read(largest.getPackFile().toPath(), offsets, index));
  }

  /** Stops the prefetch and drops what it holds. */
  @Override
  public void close() {
    synchronized (room) {
      stopped = true;
      trees.clear();
      walked.clear();
      room.notifyAll();
    }
    blobs.clear();
  }
}
