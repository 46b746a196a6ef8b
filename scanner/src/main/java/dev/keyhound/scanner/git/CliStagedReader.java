package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Skipped;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the staged change through the git command line: {@code git diff --cached --raw} names the
 * staged regular files that differ from HEAD (all of them before the first commit), {@code git
 * cat-file --batch} gives both versions. The same files, in the same order, as the JGit walk in
 * {@link StagedSource}.
 */
final class CliStagedReader {
  private static final int REGULAR_FILE = 0100000;
  private static final int TYPE_MASK = 0170000;

  private CliStagedReader() {}

  /**
   * The staged files, or null when git cannot list them (the caller then reads the index with
   * JGit).
   */
  static List<StagedFile> read(Path dir, long maxFileSize, Consumer<Skipped> skipped)
      throws IOException {
    byte[] raw =
        GitCli.output(
            dir,
            "diff",
            "--cached",
            "--raw",
            "-z",
            "--no-abbrev",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color");
    if (raw == null) {
      return null;
    }
    List<String[]> entries = parse(raw);
    if (entries.isEmpty()) {
      return List.of();
    }
    Process p = GitCli.start(dir, "cat-file", "--batch");
    try (OutputStream ids = p.getOutputStream();
        InputStream out = new BufferedInputStream(p.getInputStream())) {
      List<StagedFile> files = new ArrayList<>();
      for (String[] e : entries) {
        String path = e[4];
        byte[] now = blob(ids, out, e[3], path, maxFileSize, skipped);
        if (now == null) {
          continue;
        }
        byte[] before = isFile(e[0]) ? blob(ids, out, e[2], path, maxFileSize, skipped) : null;
        files.add(new StagedFile(path, e[3], now, before));
      }
      return files;
    } finally {
      p.destroy();
    }
  }

  /**
   * Entries {oldMode, newMode, oldId, newId, path} whose staged side is a regular file with new
   * content.
   */
  private static List<String[]> parse(byte[] raw) throws IOException {
    List<String[]> out = new ArrayList<>();
    int i = 0;
    while (i < raw.length) {
      int headerEnd = indexOf(raw, i);
      int pathEnd = indexOf(raw, headerEnd + 1);
      if (raw[i] != ':' || headerEnd < 0 || pathEnd < 0) {
        throw new IOException("unexpected output from git diff --cached --raw at byte " + i);
      }
      // ":100644 100644 <old id> <new id> M"
      String[] h = new String(raw, i + 1, headerEnd - i - 1, StandardCharsets.US_ASCII).split(" ");
      String path = new String(raw, headerEnd + 1, pathEnd - headerEnd - 1, StandardCharsets.UTF_8);
      if (h.length < 5) {
        throw new IOException(
            "unexpected output from git diff --cached --raw: " + String.join(" ", h));
      }
      // A mode change alone (same content) adds no line, as in the JGit walk.
      boolean sameContent = isFile(h[0]) && h[2].equals(h[3]);
      if (isFile(h[1]) && !sameContent) {
        out.add(new String[] {h[0], h[1], h[2], h[3], path});
      }
      i = pathEnd + 1;
    }
    return out;
  }

  private static boolean isFile(String octalMode) {
    return (Integer.parseInt(octalMode, 8) & TYPE_MASK) == REGULAR_FILE;
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * One object from {@code cat-file --batch}: "id blob size\n" + content + "\n", or "id missing\n".
   */
  private static byte[] blob(
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
    byte[] content = size > maxFileSize ? null : out.readNBytes((int) size);
    if (content == null) {
      out.skipNBytes(size);
      skipped.accept(
          new Skipped(
              path, Skipped.Reason.TOO_LARGE, size + " bytes > --max-file-size " + maxFileSize));
    } else if (content.length != size) {
      throw new IOException("git cat-file ended inside " + id);
    }
    if (out.read() != '\n') {
      throw new IOException("unexpected output from git cat-file after " + id);
    }
    return content;
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
