package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Skipped;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the staged change through the git command line, in one process for a change of text files:
 * {@code git diff --cached --raw -p} with the whole file as context names the staged regular files
 * that differ from HEAD (all of them before the first commit) and holds both versions of each (see
 * {@link StagedPatch}). Only what the patch cannot give (binary files, say) is read with {@code git
 * cat-file --batch}. The same files, in the same order, as the JGit walk in {@link StagedSource}.
 */
final class CliStagedReader {
  /** Settings that would change the patch's shape, pinned to git's defaults. */
  static final List<String> DIFF_OPTIONS =
      List.of(
          "-c",
          "diff.suppressBlankEmpty=false",
          "-c",
          "diff.relative=false",
          "-c",
          "diff.noprefix=false");

  /** The one command that lists the staged change and holds its text. */
  static final String[] DIFF_ARGS = {
    "diff",
    "--cached",
    "--raw",
    "-p",
    "-z",
    "-U" + StagedPatch.WHOLE_FILE_CONTEXT,
    "--no-abbrev",
    "--no-renames",
    "--no-ext-diff",
    "--no-textconv",
    "--no-color",
    "--submodule=short"
  };

  private final Path dir;
  private final InputStream output;
  private final ExitStatus exit;
  private final Runnable stop;

  /**
   * How the diff ended: its exit status, or null when that is not known (its output is not used).
   */
  private interface ExitStatus {
    Integer await() throws InterruptedException;
  }

  private CliStagedReader(Path dir, InputStream output, ExitStatus exit, Runnable stop) {
    this.dir = dir;
    this.output = output;
    this.exit = exit;
    this.stop = stop;
  }

  /**
   * Reads the output of the same diff, started by the launcher before the JVM (so that git runs
   * while the JVM starts), followed by the line with its exit status (see {@link TrailedStream}).
   */
  static CliStagedReader ofLauncherOutput(Path dir, InputStream launched) {
    TrailedStream t = new TrailedStream(launched);
    return new CliStagedReader(
        dir,
        t,
        t::exitStatus,
        () -> {
          try {
            launched.close();
          } catch (IOException e) {
            // nothing to stop: the launcher's git ends on a closed pipe
          }
        });
  }

  /**
   * Starts git on the staged change at once, so that it runs while the caller does other work; null
   * when git cannot be started.
   */
  static CliStagedReader start(Path dir) {
    try {
      Process p = GitCli.start(dir, DIFF_OPTIONS, DIFF_ARGS);
      p.getOutputStream().close();
      return new CliStagedReader(dir, p.getInputStream(), p::waitFor, p::destroy);
    } catch (IOException e) {
      return null;
    }
  }

  /** Starts git and reads its answer: {@link #start} then {@link #finish}. */
  static StagedChange read(Path dir, long maxFileSize, Consumer<Skipped> skipped)
      throws IOException {
    CliStagedReader r = start(dir);
    return r == null ? null : r.finish(maxFileSize, skipped);
  }

  /** Stops git, for a caller that will not read its answer. */
  void abandon() {
    stop.run();
  }

  /**
   * The staged files, or null when git cannot list them (the caller then reads the index with
   * JGit).
   */
  StagedChange finish(long maxFileSize, Consumer<Skipped> skipped) throws IOException {
    List<StagedPatch.Read> reads = null;
    IOException unreadable = null;
    try (InputStream out = output) {
      try {
        reads = StagedPatch.parse(out, maxFileSize);
      } catch (IOException e) {
        unreadable = e;
        out.transferTo(OutputStream.nullOutputStream()); // to the end, where the status is
      }
    }
    try {
      // A failed git (or output without its status) says nothing: the caller reads with JGit.
      Integer status = exit.await();
      if (status == null || status != 0) {
        return null;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    if (unreadable != null) {
      throw unreadable;
    }
    List<StagedFile> files = new ArrayList<>();
    List<StagedLarge> large = new ArrayList<>();
    List<StagedPatch.Read> rest = new ArrayList<>();
    for (StagedPatch.Read r : reads) {
      if (r.complete()) {
        files.add(new StagedFile(r.entry().path(), r.entry().newId(), r.now(), r.before()));
      } else if (r.largeText()) {
        large.add(large(r.entry(), r.nowSize(), AddedLines.marked(r.added())));
      } else {
        rest.add(r);
      }
    }
    if (!rest.isEmpty()) {
      // Kept in git's order: the files read here go where the patch would have put them.
      List<StagedFile> read = new ArrayList<>();
      readObjects(rest, maxFileSize, skipped, read, large);
      files = inOrder(reads, files, read);
    }
    return new StagedChange(files, large);
  }

  private static List<StagedFile> inOrder(
      List<StagedPatch.Read> reads, List<StagedFile> a, List<StagedFile> b) {
    List<StagedFile> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    for (StagedPatch.Read r : reads) {
      if (i < a.size() && a.get(i).path().equals(r.entry().path())) {
        out.add(a.get(i++));
      } else if (j < b.size() && b.get(j).path().equals(r.entry().path())) {
        out.add(b.get(j++));
      }
    }
    return out;
  }

  /** Reads the entries the patch could not give with one {@code git cat-file --batch}. */
  private void readObjects(
      List<StagedPatch.Read> rest,
      long maxFileSize,
      Consumer<Skipped> skipped,
      List<StagedFile> files,
      List<StagedLarge> large)
      throws IOException {
    Process p = GitCli.start(dir, "cat-file", "--batch");
    try (OutputStream ids = p.getOutputStream();
        InputStream out = new BufferedInputStream(p.getInputStream())) {
      for (StagedPatch.Read r : rest) {
        StagedPatch.Entry e = r.entry();
        Object now = blob(ids, out, e.newId(), e.path(), maxFileSize, skipped);
        if (now instanceof Long size) {
          large.add(large(e, size, AddedLines.all()));
          continue;
        }
        if (now == null) {
          continue;
        }
        Object before =
            e.hadFile() ? blob(ids, out, e.oldId(), e.path(), maxFileSize, skipped) : null;
        if (before instanceof Long size) {
          skipped.accept(
              new Skipped(
                  e.path(),
                  Skipped.Reason.TOO_LARGE,
                  size + " bytes > --max-file-size " + maxFileSize));
        }
        files.add(
            new StagedFile(
                e.path(), e.newId(), (byte[]) now, before instanceof byte[] b ? b : null));
      }
    } finally {
      p.destroy();
    }
  }

  private StagedLarge large(StagedPatch.Entry e, long size, AddedLines added) {
    String id = e.newId();
    return new StagedLarge(e.path(), id, size, added, () -> blobStream(dir, id));
  }

  /** The blob's bytes, streamed by {@code git cat-file blob}; closing the stream stops git. */
  static InputStream blobStream(Path dir, String id) throws IOException {
    Process p = GitCli.start(dir, "cat-file", "blob", id);
    p.getOutputStream().close();
    return new FilterInputStream(new BufferedInputStream(p.getInputStream(), 1 << 16)) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          p.destroy();
        }
      }
    };
  }

  /**
   * One object from {@code cat-file --batch}: "id blob size\n" + content + "\n", or "id missing\n".
   * Gives the bytes, the size (a {@code Long}) of a blob over the limit, or null when it could not
   * be read (a skip says why).
   */
  private static Object blob(
      OutputStream ids,
      InputStream out,
      String id,
      String path,
      long maxFileSize,
      Consumer<Skipped> skipped)
      throws IOException {
    ids.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
    ids.flush();
    String[] header = line(out).split(" ");
    if (header.length != 3 || !header[1].equals("blob")) {
      skipped.accept(
          new Skipped(
              path,
              Skipped.Reason.UNREADABLE,
              "staged blob " + id + ": " + String.join(" ", header)));
      return null;
    }
    long size = Long.parseLong(header[2]);
    Object result;
    if (size > maxFileSize) {
      out.skipNBytes(size);
      result = size;
    } else {
      byte[] content = out.readNBytes((int) size);
      if (content.length != size) {
        throw new IOException("git cat-file ended inside " + id);
      }
      result = content;
    }
    if (out.read() != '\n') {
      throw new IOException("unexpected output from git cat-file after " + id);
    }
    return result;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("git cat-file ended early");
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
