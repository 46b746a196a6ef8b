package dev.keyhound.scanner.git;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
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

  TreeCache(ObjectReader delegate) {
    this(delegate, null);
  }

  /**
   * @param prefetch trees inflated ahead on another thread, consulted before the delegate (may be
   *     null)
   */
  TreeCache(ObjectReader delegate, PackPrefetch prefetch) {
    this.delegate = delegate;
    this.prefetch = prefetch;
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
      raw = delegate.open(id, typeHint).getCachedBytes();
      bytes += raw.length;
      trees.put(id.copy(), raw);
    }
    return new ObjectLoader.SmallObject(Constants.OBJ_TREE, raw);
  }

  /** Leaves the delegate open: it belongs to the caller. */
  @Override
  public void close() {
    trees.clear();
  }
}
