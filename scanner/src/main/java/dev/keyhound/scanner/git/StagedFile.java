package dev.keyhound.scanner.git;

import java.util.Objects;

/**
 * One staged regular file that differs from HEAD, as either index reader found it.
 *
 * @param before the file's content in HEAD, or null when HEAD has no such file (or it was
 *     unreadable)
 */
record StagedFile(String path, String blobId, byte[] now, byte[] before) {
  StagedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(blobId, "blobId");
    Objects.requireNonNull(now, "now");
  }
}
