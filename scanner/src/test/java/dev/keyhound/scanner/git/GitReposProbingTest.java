package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JGit is told a repository's file system instead of measuring it (which writes into the
 * repository): see {@code ScanWritesNothingTest} in the cli module for the whole scan.
 */
class GitReposProbingTest {
  @TempDir Path tmp;

  @Test
  void storeKey_ofARepositoryNotCreatedYet_isItsNearestFolderFileSystem() throws Exception {
    String here = GitRepos.storeKey(tmp);

    assertNotNull(here);
    assertTrue(here.endsWith("|" + Files.getFileStore(tmp).name()), here);
    assertEquals(here, GitRepos.storeKey(tmp.resolve("not/created/yet/.git")));
  }

  @Test
  void configureJGit_forARepository_jgitReadsItsFileSystemsAttributesFromItsConfig()
      throws Exception {
    Path gitDir = tmp.resolve("new/.git");

    GitRepos.configureJGit(gitDir.toFile());

    // Where JGit looks before it measures (FS.FileStoreAttributes.readFromConfig).
    var config = SystemReader.getInstance().getUserConfig();
    String key = GitRepos.storeKey(gitDir);
    assertEquals(
        1, config.getTimeUnit("filesystem", key, "timestampResolution", -1, TimeUnit.MILLISECONDS));
    assertEquals(
        0, config.getTimeUnit("filesystem", key, "minRacyThreshold", -1, TimeUnit.NANOSECONDS));
  }
}
