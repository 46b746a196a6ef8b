package dev.keyhound.scanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The user's keyhound state folder: {@code $KEYHOUND_HOME}, else {@code $XDG_STATE_HOME/keyhound},
 * else {@code ~/.keyhound}. It holds the fingerprint key, the ledger and the incremental-scan
 * state.
 */
public final class StateDir {
  private final Path root;

  public StateDir(Path root) {
    this.root = root;
  }

  /**
   * The state folder the environment names (the system property {@code keyhound.home} wins, for
   * tests).
   */
  public static StateDir fromEnvironment() {
    String prop = System.getProperty("keyhound.home");
    if (prop != null && !prop.isBlank()) {
      return new StateDir(Path.of(prop));
    }
    String home = System.getenv("KEYHOUND_HOME");
    if (home != null && !home.isBlank()) {
      return new StateDir(Path.of(home));
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return new StateDir(Path.of(xdg, "keyhound"));
    }
    return new StateDir(Path.of(System.getProperty("user.home"), ".keyhound"));
  }

  public Path root() {
    return root;
  }

  /** A file in the folder; the folder is created (owner-only) if missing. */
  public Path file(String name) {
    try {
      if (!Files.isDirectory(root)) {
        Files.createDirectories(root);
        trySetPermissions(root, "rwx------");
      }
      return root.resolve(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the keyhound state folder " + root, e);
    }
  }

  /**
   * A secret key of {@code length} random bytes kept in {@code name}, created owner-readable on
   * first use. Two processes racing to create it agree on the one that was written first.
   */
  public byte[] secretKey(String name, int length) {
    Path p = file(name);
    try {
      if (!Files.exists(p)) {
        byte[] key = new byte[length];
        new SecureRandom().nextBytes(key);
        Path tmp = Files.createTempFile(root, name, ".tmp");
        trySetPermissions(tmp, "rw-------");
        Files.write(tmp, key, StandardOpenOption.TRUNCATE_EXISTING);
        try {
          Files.createLink(p, tmp);
        } catch (FileAlreadyExistsException raced) {
          // another process won; use its key
        } catch (UnsupportedOperationException | IOException noLinks) {
          if (!Files.exists(p)) {
            Files.move(tmp, p);
          }
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      byte[] key = Files.readAllBytes(p);
      if (key.length != length) {
        throw new IllegalStateException(
            "key file " + p + " has " + key.length + " bytes, expected " + length);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create key file " + p, e);
    }
  }

  private static void trySetPermissions(Path p, String perms) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException | IOException ignored) {
      // not a POSIX file system: the folder's own protection applies
    }
  }
}
