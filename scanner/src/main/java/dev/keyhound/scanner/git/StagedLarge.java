package dev.keyhound.scanner.git;

import dev.keyhound.scanner.LargeFile;
import java.util.Objects;

/**
 * One staged regular file over the size limit, to be read in windows rather than whole.
 *
 * @param added the lines the change adds, as far as they are known without holding the file
 * @param content streams the staged blob
 */
record StagedLarge(
    String path, String blobId, long size, AddedLines added, LargeFile.Opener content) {
  StagedLarge {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(blobId, "blobId");
    Objects.requireNonNull(added, "added");
    Objects.requireNonNull(content, "content");
    if (size < 0) {
      throw new IllegalArgumentException("staged file size must not be negative: " + size);
    }
  }
}
