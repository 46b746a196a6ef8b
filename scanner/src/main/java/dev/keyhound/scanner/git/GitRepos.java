package dev.keyhound.scanner.git;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Opens work trees and bare repositories for reading, and sizes JGit's pack cache for history
 * scans. JGit reads objects and configuration in-process: it runs no hooks, no filter drivers and
 * no {@code core.fsmonitor}.
 */
public final class GitRepos {
  private static volatile boolean cacheConfigured;

  private GitRepos() {}

  /** Whether the path is the top of a work tree ({@code .git} inside) or a bare repository. */
  public static boolean isRepository(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    return Files.exists(dir.resolve(".git")) || isBare(dir);
  }

  private static boolean isBare(Path dir) {
    return Files.isRegularFile(dir.resolve("HEAD"))
        && Files.isDirectory(dir.resolve("objects"))
        && Files.isDirectory(dir.resolve("refs"));
  }

  /**
   * Opens the repository at a work tree top or a bare repository's folder, with keyhound's JGit
   * settings ({@link #configureJGit()}).
   */
  public static Repository open(Path dir) throws IOException {
    configureJGit();
    FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
    if (Files.exists(dir.resolve(".git"))) {
      // findGitDir stops at dir itself (it holds .git) and follows a ".git" file to a linked work
      // tree's folder.
      b.findGitDir(dir.toFile()).setWorkTree(dir.toFile());
    } else {
      b.setGitDir(dir.toFile()).setBare();
    }
    withoutProbing(b.getGitDir());
    return b.build();
  }

  /**
   * Opens the repository holding the given folder (searching upwards), as {@code git} does from a
   * shell; honours {@code GIT_DIR} and {@code GIT_INDEX_FILE}, which git sets for hooks (a partial
   * commit uses its own index). With keyhound's JGit settings only when {@link #configureJGit()}
   * ran first: installing a hook reads {@code core.hooksPath}, which the system-wide config may
   * set.
   */
  public static Repository discover(Path dir) throws IOException {
    FileRepositoryBuilder b =
        new FileRepositoryBuilder().readEnvironment().findGitDir(dir.toFile());
    File gitDir = b.getGitDir();
    if (gitDir == null) {
      throw new IOException(
          "not a git repository (or any parent up to /): " + dir.toAbsolutePath());
    }
    withoutProbing(gitDir);
    return b.setMustExist(true).build();
  }

  /**
   * How keyhound has JGit read configuration, installed once per process before a repository is
   * opened:
   *
   * <ul>
   *   <li>no system-wide git config, which JGit finds by running {@code git config --system} (a
   *       process start, ~0.3 s); the pre-commit check needs nothing from it and runs on every
   *       commit;
   *   <li>no JGit config file ({@code ~/.config/jgit/config}), read or written: JGit keeps there
   *       only what it measured of each file system's timestamps. On a file system it has not
   *       measured, it measures before it opens a repository: it writes probe files into the
   *       repository's {@code .git/objects}, over and over for ~3 s (1.4 s of system CPU on 2
   *       cores), and a process that ends meanwhile leaves them behind. So the first scan on a
   *       fresh machine (a CI runner, a fleet worker's pod) took 3.2 s instead of 0.2 and wrote
   *       into the repository it scanned. Instead JGit is told, for the file system of each
   *       repository opened ({@link #withoutProbing}), a {@link #TIMESTAMP_RESOLUTION} of 1 ms.
   * </ul>
   */
  public static synchronized void configureJGit() {
    if (jgitConfig != null) {
      return;
    }
    jgitConfig = new InMemoryConfig(null);
    SystemReader.setInstance(
        new SystemReader.Delegate(SystemReader.getInstance()) {
          @Override
          public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return new InMemoryConfig(parent);
          }

          @Override
          public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return jgitConfig;
          }
        });
  }

  /**
   * {@link #configureJGit()}, and JGit told the timestamps of the file system holding {@code
   * gitDir} ({@link #withoutProbing}): for a repository JGit opens, creates or clones other than
   * through {@link #open}, which does this itself.
   */
  public static void configureJGit(File gitDir) {
    configureJGit();
    withoutProbing(gitDir);
  }

  /**
   * The timestamp resolution JGit is told: a file read less than this after its last change counts
   * as changed when looked at again, and is read again. JGit measured 4-8 µs here, as on most of
   * today's Linux file systems; its own fallback when it cannot measure is 2 s. The finer value
   * matters: in a clone that JGit writes itself, 2 s made every object lookup in the new pack's
   * first seconds list the pack folder again (psf/requests' clone 2.9-3.0 -> 3.1-3.3 s). A coarser
   * file system only makes a change by another process in the same tick go unseen: a scan reads a
   * repository as it found it, and what JGit writes itself it either writes as new files (refs, by
   * rename: a new inode, which it compares too) or registers as it writes them (a clone's pack).
   */
  static final Duration TIMESTAMP_RESOLUTION = Duration.ofMillis(1);

  /** The JGit config {@link #configureJGit()} installs, or null before. */
  private static InMemoryConfig jgitConfig;

  /** File systems told to JGit already, by {@link #storeKey}. */
  private static final Set<String> knownStores = ConcurrentHashMap.newKeySet();

  /**
   * Tells JGit the timestamp attributes of the file system holding {@code gitDir} ({@link
   * #TIMESTAMP_RESOLUTION}, no racy interval), as its own config would after a measurement, so that
   * it does not measure (see {@link #configureJGit()}). JGit names a file system by the JVM's
   * vendor and version and the file store's name; on Windows it uses the volume's serial number,
   * which is not read here, so JGit measures there as before. Nothing when {@link #configureJGit()}
   * has not run.
   */
  private static void withoutProbing(File gitDir) {
    InMemoryConfig config;
    synchronized (GitRepos.class) {
      config = jgitConfig;
    }
    if (config == null || gitDir == null || SystemReader.getInstance().isWindows()) {
      return;
    }
    String key = storeKey(gitDir.toPath());
    if (key == null || !knownStores.add(key)) {
      return;
    }
    config.setString(
        FILESYSTEM, key, "timestampResolution", TIMESTAMP_RESOLUTION.toNanos() + " nanoseconds");
    config.setString(FILESYSTEM, key, "minRacyThreshold", "0 nanoseconds");
  }

  /**
   * JGit's name for the file system holding {@code path}, or its nearest existing parent folder (a
   * repository about to be created); null when it cannot be read.
   */
  static String storeKey(Path path) {
    try {
      Path p = path.toAbsolutePath();
      while (p.getParent() != null && !Files.exists(p)) {
        p = p.getParent();
      }
      return System.getProperty("java.vendor")
          + "|"
          + System.getProperty("java.version")
          + "|"
          + Files.getFileStore(p).name();
    } catch (IOException | RuntimeException e) {
      return null; // opening the repository reports what is wrong with the folder
    }
  }

  private static final String FILESYSTEM = "filesystem";

  /** A config with no file behind it: nothing read, nothing written. */
  private static final class InMemoryConfig extends FileBasedConfig {
    InMemoryConfig(Config parent) {
      super(parent, null, FS.DETECTED);
    }

    @Override
    public void load() {
      // nothing to read
    }

    @Override
    public void save() {
      // nothing to write
    }

    @Override
    public boolean isOutdated() {
      return false;
    }
  }

  /**
   * Larger caches than JGit's defaults: measured 160-235 MB/s instead of 53-85 MB/s when blobs are
   * read in pack order (64 KiB windows, no mmap). Read in pack order, more than a few hundred MiB
   * buys nothing (128 MiB to 1 GiB of windows, 16 MiB to 1 GiB of delta bases: the same CPU), so
   * they stay at a sixth and a sixteenth of the heap, at most {@link #MAX_WINDOWS} and 64 MiB: a 1
   * GB history in a 512 MiB heap then spends less time collecting. Installed once per process.
   */
  public static void configureCacheForHistory() {
    if (cacheConfigured) {
      return;
    }
    synchronized (GitRepos.class) {
      if (cacheConfigured) {
        return;
      }
      cacheConfigFor(Runtime.getRuntime().maxMemory()).install();
      cacheConfigured = true;
    }
  }

  /**
   * Pack windows held at most: the windows are the largest part of a history scan's live heap, and
   * the heap a collector keeps grows with it. 128 MiB rather than 256 cut a 1 GB history's peak RSS
   * by ~100 MB at the same CPU (reading in pack order, a window is rarely read twice).
   */
  static final long MAX_WINDOWS = 128L << 20;

  /** The pack cache for a history scan in a heap of {@code heap} bytes. */
  static WindowCacheConfig cacheConfigFor(long heap) {
    WindowCacheConfig c = new WindowCacheConfig();
    c.setPackedGitLimit(Math.min(MAX_WINDOWS, Math.max(64L << 20, heap / 6)));
    c.setDeltaBaseCacheLimit((int) Math.min(64L << 20, Math.max(16L << 20, heap / 16)));
    c.setPackedGitWindowSize(64 * 1024);
    c.setPackedGitMMAP(false);
    c.setStreamFileThreshold((int) Math.min(Integer.MAX_VALUE - 8, Math.max(50L << 20, heap / 8)));
    return c;
  }
}
