package dev.keyhound.scanner.git;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters a history scan updates as it goes, read by whoever shows progress (a terminal line, a
 * test).
 */
public final class GitProgress {
  final AtomicLong commits = new AtomicLong();
  final AtomicLong blobsTotal = new AtomicLong(-1);
  final AtomicLong blobsRead = new AtomicLong();
  final AtomicLong bytesRead = new AtomicLong();

  /** Commits walked so far. */
  public long commits() {
    return commits.get();
  }

  /** Unique blobs to read, or -1 while the history is still being walked. */
  public long blobsTotal() {
    return blobsTotal.get();
  }

  public long blobsRead() {
    return blobsRead.get();
  }

  public long bytesRead() {
    return bytesRead.get();
  }
}
