package dev.keyhound.scanner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.WorkingTreeIterator;

/**
 * The files under a directory (or one file), never following symbolic links. When the directory is
 * the top of a git work tree, {@code .gitignore} is honoured (through JGit, which runs nothing from
 * the repository). Reported paths are relative to the target directory, with {@code /} separators.
 */
public final class FileSource implements Source {
  private final Path target;

  /** {@link #target} as a string ending with the separator, the start of every path under it. */
  private final String targetPrefix;

  private final long maxFileSize;

  public FileSource(Path target, long maxFileSize) {
    this.target = target;
    String t = target.toString();
    this.targetPrefix =
        t.isEmpty() || t.endsWith(java.io.File.separator) ? t : t + java.io.File.separator;
    this.maxFileSize = maxFileSize;
  }

  @Override
  public String describe() {
    return "files under " + target;
  }

  @Override
  public void emit(Sink sink) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new java.nio.file.NoSuchFileException(
          target.toString(), null, "no such file or directory");
    }
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      Path name = target.getFileName();
      String shown = name == null ? target.toString() : name.toString();
      String path = lossy(shown) ? rawRelative(target, target, shown) : shown;
      long size;
      try {
        size = Files.size(target);
      } catch (IOException | SecurityException e) {
        sink.skipped(new Skipped(path, Skipped.Reason.UNREADABLE, message(e)));
        return;
      }
      sink.acceptFile(target, size, path, maxFileSize);
      return;
    }
    if (Files.isDirectory(target.resolve(".git"))) {
      walkWorkTree(sink);
    } else {
      walkPlain(sink);
    }
  }

  private void walkPlain(Sink sink) throws IOException {
    Files.walkFileTree(
        target,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return dir.getFileName() != null
                    && dir.getFileName().toString().equals(".git")
                    && !dir.equals(target)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              // The walk's attributes give the size: no second stat per file.
              sink.acceptFile(file, attrs.size(), relative(file), maxFileSize);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            sink.skipped(new Skipped(relative(file), Skipped.Reason.UNREADABLE, message(e)));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private void walkWorkTree(Sink sink) throws IOException {
    try (Repository repo =
            new FileRepositoryBuilder()
                .setWorkTree(target.toFile())
                .setGitDir(target.resolve(".git").toFile())
                .setMustExist(true)
                .build();
        TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(new FileTreeIterator(repo));
      walk.setRecursive(false);
      while (walk.next()) {
        WorkingTreeIterator it = walk.getTree(0, WorkingTreeIterator.class);
        if (it.isEntryIgnored()) {
          continue;
        }
        if (walk.isSubtree()) {
          walk.enterSubtree();
          continue;
        }
        if (walk.getFileMode(0) == FileMode.SYMLINK || walk.getFileMode(0) == FileMode.GITLINK) {
          continue;
        }
        String name = walk.getPathString();
        Path file = lossy(name) ? onDisk(target.resolve(name)) : target.resolve(name);
        if (file == null) {
          sink.skipped(new Skipped(name, Skipped.Reason.UNREADABLE, "no such file"));
          continue;
        }
        sink.acceptFile(file, it.getEntryLength(), relative(file), maxFileSize);
      }
    }
  }

  /**
   * The file a lossily decoded name stands for: JGit lists names as Java decoded them, so a name
   * that is not valid UTF-8 comes back with U+FFFD and resolves to nothing. The directory's own
   * listing keeps the name's bytes; the entry that decodes to the same text is the file (null:
   * none).
   */
  private static Path onDisk(Path decoded) {
    try (var entries = Files.newDirectoryStream(decoded.getParent())) {
      for (Path entry : entries) {
        if (entry.getFileName().toString().equals(decoded.getFileName().toString())) {
          return entry;
        }
      }
    } catch (IOException | SecurityException e) {
      // A folder whose own name was lossy: reported below as unreadable, as before.
    }
    return null;
  }

  /**
   * Reads one file the walk found into the sink: over {@code maxFileSize} (by the walk's size or by
   * what was read) it goes to {@link Source.Sink#acceptLarge}, to be read in windows; unreadable,
   * it is reported as skipped.
   */
  static void read(Path file, long size, String path, long maxFileSize, Sink sink) {
    try {
      if (size > maxFileSize) {
        sink.acceptLarge(new LargeFile(file, size, new Provenance.File(path)), maxFileSize);
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > maxFileSize) {
        // Grew since the walk: as large a file as any other.
        sink.acceptLarge(new LargeFile(file, bytes.length, new Provenance.File(path)), maxFileSize);
        return;
      }
      sink.acceptFileBytes(file, bytes, new Provenance.File(path));
    } catch (IOException | SecurityException e) {
      sink.skipped(new Skipped(path, Skipped.Reason.UNREADABLE, message(e)));
    }
  }

  /**
   * The file's path below the target, {@code /}-separated. The walks name each file by resolving
   * its names onto the target, so its string is the target's and a separator, then that path; any
   * other is relativized (which made a path object and a second string per file, ~10 ms of a 9,824
   * file walk on the main thread).
   */
  private String relative(Path file) {
    String f = file.toString();
    String under =
        f.startsWith(targetPrefix) && f.length() > targetPrefix.length()
            ? f.substring(targetPrefix.length())
            : target.relativize(file).toString();
    String shown = under.replace(java.io.File.separatorChar, '/');
    return lossy(shown) ? rawRelative(target, file, shown) : shown;
  }

  /**
   * Whether Java's decoding of the name's bytes may have lost some: a name that is not valid in the
   * file-name encoding reads as U+FFFD (or {@code ?} under the C locale).
   */
  private static boolean lossy(String name) {
    return name.indexOf('\uFFFD') >= 0 || name.indexOf('?') >= 0;
  }

  /**
   * The path below {@code base} from the name's own bytes (a file URI keeps them, percent-encoded),
   * shown by {@link Printable#bytes} so that the file can be found again.
   */
  static String rawRelative(Path base, Path file, String fallback) {
    String b = base.toAbsolutePath().toUri().getRawPath();
    String f = file.toAbsolutePath().toUri().getRawPath();
    if (!b.endsWith("/")) {
      b = b.substring(0, b.lastIndexOf('/') + 1);
    }
    if (!f.startsWith(b)) {
      return fallback;
    }
    String rel = f.substring(b.length());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(rel.length());
    for (int i = 0; i < rel.length(); i++) {
      char c = rel.charAt(i);
      if (c == '%' && i + 2 < rel.length()) {
        bytes.write(Integer.parseInt(rel.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return Printable.bytes(bytes.toByteArray());
  }

  static String message(Exception e) {
    String m = e.getMessage();
    String kind = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return m == null ? kind : kind + ": " + m;
  }
}
