package dev.keyhound.scanner;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters a scan updates as its threads read files, read by whoever shows progress (a terminal
 * line, a test): files and bytes scanned so far.
 */
public final class ScanProgress {
  final AtomicLong files = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();

  /** Files (and blobs) scanned so far. */
  public long files() {
    return files.get();
  }

  /** Bytes scanned so far. */
  public long bytes() {
    return bytes.get();
  }
}
