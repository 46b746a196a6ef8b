package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.junit.jupiter.api.Test;

class GitReposCacheTest {
  private static final long MIB = 1L << 20;

  @Test
  void cacheForHistory_inALargeHeapHoldsAtMost128MiBOfWindowsAnd64MiBOfDeltaBases() {
    WindowCacheConfig c = GitRepos.cacheConfigFor(6L << 30);

    assertEquals(128 * MIB, c.getPackedGitLimit());
    assertEquals(64 * MIB, c.getDeltaBaseCacheLimit());
  }

  @Test
  void cacheForHistory_inA512MiBHeapTakesASixthForWindowsAndASixteenthForDeltaBases() {
    WindowCacheConfig c = GitRepos.cacheConfigFor(512 * MIB);

    assertEquals(512 * MIB / 6, c.getPackedGitLimit());
    assertEquals(32 * MIB, c.getDeltaBaseCacheLimit());
  }

  @Test
  void cacheForHistory_inATinyHeapKeepsJGitsFloors() {
    WindowCacheConfig c = GitRepos.cacheConfigFor(128 * MIB);

    assertEquals(64 * MIB, c.getPackedGitLimit());
    assertEquals(16 * MIB, c.getDeltaBaseCacheLimit());
    assertEquals(64 * 1024, c.getPackedGitWindowSize());
  }
}
