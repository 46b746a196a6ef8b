package dev.keyhound.scanner.git;

import java.util.List;

/** The staged files one reader found: those read whole, and those over the size limit. */
record StagedChange(List<StagedFile> files, List<StagedLarge> large) {
  StagedChange {
    files = List.copyOf(files);
    large = List.copyOf(large);
  }
}
