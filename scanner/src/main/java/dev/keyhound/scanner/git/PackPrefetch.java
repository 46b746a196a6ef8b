package dev.keyhound.scanner.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * Inflates a repository's trees and blobs on a second thread, in pack order, while the introduction walk diffs
 * commits on the first: that walk keeps one core busy and leaves the other idle, and the blobs it will ask for
 * next are (in a repository that has been repacked) nearly all of the pack's blobs. The walk and the blob reader
 * take what is ready and read the rest themselves, so the prefetch changes when an object is inflated, never
 * what it holds. Bounded in bytes: on a large history it covers the first part of the pack.
 */
final class PackPrefetch implements AutoCloseable {
  private final Map<ObjectId, byte[]> trees = new ConcurrentHashMap<>();
  private final Map<ObjectId, byte[]> blobs = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final long maxBytes;
  private final long maxBlobSize;
  private volatile boolean stopped;
  private final Thread thread;

  private PackPrefetch(Repository repo, long maxBytes, long maxBlobSize) {
    this.maxBytes = maxBytes;
    this.maxBlobSize = maxBlobSize;
    thread = new Thread(() -> run(repo), "keyhound-pack-prefetch");
    thread.setDaemon(true);
  }

  /** Starts prefetching; blobs over {@code maxBlobSize} (which the scan skips) are left alone. */
  static PackPrefetch start(Repository repo, long maxBlobSize) {
    long budget = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    PackPrefetch p = new PackPrefetch(repo, budget, maxBlobSize);
    p.thread.start();
    return p;
  }

  /** The tree's raw bytes if already inflated (each handed out once), or null. */
  byte[] takeTree(AnyObjectId id) {
    return take(trees, id);
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

  /** Stops inflating more (what is ready stays available): the walk is over and the scan needs the core. */
  void stop() {
    stopped = true;
  }

  /** Waits until the prefetch has gone through the pack or stopped (tests). */
  void join() throws InterruptedException {
    thread.join();
  }

  private void run(Repository repo) {
    try (ObjectReader reader = repo.newObjectReader()) {
      for (ObjectId id : packOrder(repo)) {
        if (stopped || bytes.get() > maxBytes) {
          return;
        }
        ObjectLoader loader = reader.open(id);
        int type = loader.getType();
        if (loader.isLarge() || (type != Constants.OBJ_TREE && type != Constants.OBJ_BLOB)
            || loader.getSize() > maxBlobSize) {
          continue;
        }
        byte[] raw = loader.getCachedBytes();
        (type == Constants.OBJ_TREE ? trees : blobs).put(id, raw);
        bytes.addAndGet(raw.length);
      }
    } catch (IOException | RuntimeException e) {
      // only a speed-up: the walk and the reader read, and report, whatever the prefetch could not
    }
  }

  /** The largest pack's object ids by offset (a repacked repository has one pack; the rest are read on demand). */
  private static List<ObjectId> packOrder(Repository repo) throws IOException {
    List<ObjectId> ids = new ArrayList<>();
    if (!(repo.getObjectDatabase() instanceof ObjectDirectory dir) || dir.getPacks().isEmpty()) {
      return ids;
    }
    Pack largest = dir.getPacks().stream().max(Comparator.comparingLong(p -> p.getPackFile().length())).get();
    PackIndex index = largest.getIndex();
    record At(ObjectId id, long offset) {}
    List<At> at = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, index.getObjectCount()));
    for (PackIndex.MutableEntry e : index) {
      at.add(new At(e.toObjectId(), e.getOffset()));
    }
    at.sort(Comparator.comparingLong(At::offset));
    for (At a : at) {
      ids.add(a.id());
    }
    return ids;
  }

  /** Stops the prefetch and drops what it holds. */
  @Override
  public void close() {
    stopped = true;
    trees.clear();
    blobs.clear();
  }
}
