package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.LargeFile;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.PhaseTrace;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheIterator;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What the index would commit: each staged file that differs from HEAD (or every staged file in a
 * repository without commits), read from the index. The whole staged blob is scanned so that
 * multi-line keys and line numbers stay right; {@link #onlyAddedLines} then keeps what sits on
 * lines the change adds.
 */
public final class StagedSource implements Source {
  private final Path dir;
  private final long maxFileSize;
  private final Map<String, AddedLines> added = new HashMap<>();
  private final boolean viaGitCommand;
  private CliStagedReader git;

  /**
   * The repository holding {@code dir} (found upwards, honouring {@code GIT_DIR} and {@code
   * GIT_INDEX_FILE}).
   */
  public StagedSource(Path dir, long maxFileSize) {
    this(dir, maxFileSize, false, null);
  }

  private StagedSource(Path dir, long maxFileSize, boolean viaGitCommand, InputStream launched) {
    if (maxFileSize <= 0) {
      throw new IllegalArgumentException("max file size must be positive: " + maxFileSize);
    }
    this.dir = dir;
    this.maxFileSize = maxFileSize;
    this.viaGitCommand = viaGitCommand;
    // Started now, so that git reads the index while the caller loads its rules.
    if (launched != null) {
      this.git = CliStagedReader.ofLauncherOutput(dir, launched);
      PhaseTrace.mark("staged: reading the launcher's git");
    } else {
      this.git = viaGitCommand ? CliStagedReader.start(dir) : null;
      PhaseTrace.mark("staged: git started");
    }
  }

  @Override
  public String describe() {
    return "staged changes in " + dir;
  }

  /**
   * The same source, reading the index through the user's {@code git} command (see {@link GitCli}),
   * as a pre-commit hook can: git started the hook. Git starts at once, to run while the caller
   * does other work. Falls back to JGit when git is missing or cannot list the change.
   */
  public static StagedSource usingGitCommand(Path dir, long maxFileSize) {
    return new StagedSource(dir, maxFileSize, true, null);
  }

  /**
   * The same source, reading the output of the staged diff that the launcher started before the JVM
   * ({@code launched}: the diff's output, then the line with its exit status). Falls back to JGit
   * when that output is not usable.
   */
  public static StagedSource usingLauncherGit(Path dir, long maxFileSize, InputStream launched) {
    return new StagedSource(dir, maxFileSize, true, launched);
  }

  /** Stops a git command this source started and will not read (the caller chose another way). */
  public void abandon() {
    if (git != null) {
      git.abandon();
      git = null;
    }
  }

  @Override
  public void emit(Sink sink) throws IOException {
    CliStagedReader started = git;
    git = null;
    if (viaGitCommand && started == null) {
      started = CliStagedReader.start(dir); // a second emit, or git could not start before
    }
    StagedChange change = started == null ? null : started.finish(maxFileSize, sink::skipped);
    if (change == null) {
      change = readWithJGit(sink);
    }
    PhaseTrace.mark("staged: change listed and read");
    List<StagedFile> files = change.files();
    Map<String, List<Provenance>> byBlob = new LinkedHashMap<>();
    Map<String, byte[]> contents = new HashMap<>();
    for (StagedFile f : files) {
      synchronized (added) {
        added.put(
            f.path(),
            f.before() == null ? AddedLines.all() : AddedLines.between(f.before(), f.now()));
      }
      contents.putIfAbsent(f.blobId(), f.now());
      byBlob
          .computeIfAbsent(f.blobId(), k -> new ArrayList<>())
          .add(new Provenance.Staged(f.path()));
    }
    PhaseTrace.mark("staged: added lines found");
    // One item per blob: the same content staged at two paths is scanned once.
    byBlob.forEach(
        (id, provs) -> sink.accept(new SourceItem(new Blob(id, contents.get(id)), provs)));
    for (StagedLarge l : change.large()) {
      synchronized (added) {
        added.put(l.path(), l.added());
      }
      sink.acceptLarge(
          new LargeFile(l.size(), List.of(new Provenance.Staged(l.path())), l.content()),
          maxFileSize);
    }
  }

  StagedChange readWithJGit(Sink sink) throws IOException {
    List<StagedFile> files = new ArrayList<>();
    List<StagedLarge> large = new ArrayList<>();
    try (Repository repo = GitRepos.discover(dir);
        ObjectReader reader = repo.newObjectReader();
        TreeWalk walk = new TreeWalk(repo, reader)) {
      DirCache index = repo.readDirCache();
      ObjectId head = repo.resolve(Constants.HEAD + "^{tree}");
      walk.addTree(new DirCacheIterator(index));
      if (head == null) {
        walk.addTree(new EmptyTreeIterator());
      } else {
        walk.addTree(head);
      }
      walk.setRecursive(true);
      walk.setFilter(TreeFilter.ANY_DIFF);
      while (walk.next()) {
        if (!IntroductionIndex.isFile(walk.getRawMode(0))) {
          continue;
        }
        boolean existed = IntroductionIndex.isFile(walk.getRawMode(1));
        if (existed && walk.idEqual(0, 1)) {
          continue;
        }
        String path = walk.getPathString();
        ObjectId staged = walk.getObjectId(0);
        long size = size(reader, staged, path, sink);
        if (size > maxFileSize) {
          // Too large to diff here: every line counts as added.
          large.add(
              new StagedLarge(path, staged.name(), size, AddedLines.all(), () -> open(staged)));
          continue;
        }
        byte[] now = size < 0 ? null : read(reader, staged, path, sink);
        if (now == null) {
          continue;
        }
        byte[] before = existed ? read(reader, walk.getObjectId(1), path, sink) : null;
        files.add(new StagedFile(path, staged.name(), now, before));
      }
    }
    return new StagedChange(files, large);
  }

  /** The blob's size, or -1 when it cannot be read (a skip says why). */
  private static long size(ObjectReader reader, ObjectId id, String path, Sink sink) {
    try {
      return reader.getObjectSize(id, Constants.OBJ_BLOB);
    } catch (IOException e) {
      sink.skipped(
          new Skipped(
              path, Skipped.Reason.UNREADABLE, "staged blob " + id.name() + ": " + e.getMessage()));
      return -1;
    }
  }

  /** A staged blob's bytes as a stream, the repository opened again (it is read after emit). */
  private InputStream open(ObjectId id) throws IOException {
    Repository repo = GitRepos.discover(dir);
    ObjectReader reader = repo.newObjectReader();
    try {
      return new FilterInputStream(reader.open(id, Constants.OBJ_BLOB).openStream()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            reader.close();
            repo.close();
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      reader.close();
      repo.close();
      throw e;
    }
  }

  private byte[] read(ObjectReader reader, ObjectId id, String path, Sink sink) {
    try {
      long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
      if (size > maxFileSize) {
        sink.skipped(
            new Skipped(
                path, Skipped.Reason.TOO_LARGE, size + " bytes > --max-file-size " + maxFileSize));
        return null;
      }
      return reader.open(id, Constants.OBJ_BLOB).getCachedBytes((int) size);
    } catch (IOException e) {
      sink.skipped(
          new Skipped(
              path, Skipped.Reason.UNREADABLE, "staged blob " + id.name() + ": " + e.getMessage()));
      return null;
    }
  }

  /**
   * The result with only occurrences on lines the staged change adds or changes; findings left with
   * none are dropped. Call after the scan that emitted this source.
   */
  public ScanResult onlyAddedLines(ScanResult result) {
    List<Finding> kept = new ArrayList<>();
    for (Finding f : result.findings()) {
      List<Occurrence> occ = f.occurrences().stream().filter(this::isAdded).toList();
      if (!occ.isEmpty()) {
        kept.add(
            new Finding(
                f.id(),
                f.ruleId(),
                f.description(),
                f.secret(),
                f.checksumValid(),
                f.entropy(),
                occ));
      }
    }
    return new ScanResult(
        result.targets(),
        result.filesScanned(),
        result.bytesScanned(),
        result.durationMs(),
        kept,
        result.skipped());
  }

  private boolean isAdded(Occurrence o) {
    Provenance root =
        o.provenance() instanceof Provenance.ArchiveMember m ? m.root() : o.provenance();
    if (!(root instanceof Provenance.Staged staged)) {
      return true;
    }
    AddedLines lines;
    synchronized (added) {
      lines = added.get(staged.path());
    }
    // Inside an archive the line is the member's: the archive changed, so every member line counts
    // as added.
    return lines == null || root != o.provenance() || lines.contains(o.line());
  }
}
