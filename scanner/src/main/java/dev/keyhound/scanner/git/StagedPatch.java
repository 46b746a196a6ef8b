package dev.keyhound.scanner.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Parses what one {@code git diff --cached --raw -z -p -U<whole file>} prints: the raw records name
 * every staged change, and each text file's patch, one hunk holding the whole file as context,
 * gives both of its versions and the lines the change adds. So one git process gives the whole
 * staged change; what the patch cannot give (binary files, a patch whose hunks do not hold the
 * whole file or whose lines do not add up to the hunk's counts) is left for {@code git cat-file}.
 * Memory per file stays within the size limit: past it, only the length and the added lines are
 * kept. (The rebuilt bytes are not hashed against the blob id: the first digest costs a hook ~10 ms
 * of start-up; the tests compare them byte for byte with what JGit reads from the index.)
 */
final class StagedPatch {
  /**
   * The context asked of git: every line of any file the size limit lets through, with room in
   * git's {@code int} arithmetic (it adds twice the context to line numbers).
   */
  static final int WHOLE_FILE_CONTEXT = 1 << 28;

  private static final int REGULAR_FILE = 0100000;
  private static final int TYPE_MASK = 0170000;

  /** One raw record: a staged change to a path. */
  record Entry(int oldMode, int newMode, String oldId, String newId, char status, String path) {
    /** The staged side is a regular file with content that differs from HEAD's. */
    boolean wanted() {
      return isFile(newMode) && !(isFile(oldMode) && oldId.equals(newId));
    }

    boolean hadFile() {
      return isFile(oldMode);
    }

    /** Git splits a change between file, link and submodule into a deletion and a creation. */
    int sections() {
      if (status == 'U') {
        return 1;
      }
      boolean both = oldMode != 0 && newMode != 0;
      return both && (oldMode & TYPE_MASK) != (newMode & TYPE_MASK) ? 2 : 1;
    }
  }

  /**
   * What the patch gave for a wanted entry.
   *
   * @param now the staged bytes, or null when they are not known here or exceed the limit
   * @param before HEAD's bytes, or null (no such file, or not known here)
   * @param nowSize the staged file's length, or -1 when the patch did not give the whole file
   * @param added the staged lines marked added in the patch (numbered from 1)
   * @param binary git showed no text for it
   */
  record Read(Entry entry, byte[] now, byte[] before, long nowSize, BitSet added, boolean binary) {
    /** Both versions are here, whole. */
    boolean complete() {
      return now != null && (before != null || !entry.hadFile());
    }

    /** The file exceeds the limit, and the patch held all of it as text: its lines are known. */
    boolean largeText() {
      return now == null && !binary && nowSize >= 0;
    }
  }

  private final Lines in;
  private final long maxFileSize;

  private StagedPatch(InputStream in, long maxFileSize) {
    this.in = new Lines(in);
    this.maxFileSize = maxFileSize;
  }

  /**
   * Reads git's whole output: one {@link Read} per wanted entry, in git's order. A patch this
   * parser does not follow leaves the entries from there on unknown (null bytes), never wrong.
   */
  static List<Read> parse(InputStream diff, long maxFileSize) throws IOException {
    return new StagedPatch(diff, maxFileSize).parse();
  }

  private List<Read> parse() throws IOException {
    List<Entry> entries = rawRecords();
    List<Read> reads = new ArrayList<>();
    boolean inStep = true;
    for (Entry e : entries) {
      Read r = null;
      for (int s = 0; s < e.sections() && inStep; s++) {
        boolean creation = e.sections() == 2 && s == 1;
        Read section = section(e, e.status() == 'U');
        if (section == null) {
          inStep = false;
        } else if (e.sections() == 1 || creation) {
          r = section;
        }
      }
      if (e.wanted()) {
        reads.add(inStep && r != null ? r : new Read(e, null, null, -1, new BitSet(), false));
      }
    }
    in.drain();
    return reads;
  }

  /** The raw records, up to the empty record that separates them from the patch. */
  private List<Entry> rawRecords() throws IOException {
    List<Entry> entries = new ArrayList<>();
    while (true) {
      byte[] header = in.field();
      if (header == null || header.length == 0) {
        return entries;
      }
      byte[] path = in.field();
      // ":100644 100644 <old id> <new id> M"
      String[] h = new String(header, StandardCharsets.US_ASCII).split(" ");
      if (header[0] != ':' || h.length != 5 || path == null || h[4].isEmpty()) {
        throw new IOException(
            "unexpected output from git diff --cached --raw: "
                + new String(header, StandardCharsets.US_ASCII));
      }
      entries.add(
          new Entry(
              Integer.parseInt(h[0].substring(1), 8),
              Integer.parseInt(h[1], 8),
              h[2],
              h[3],
              h[4].charAt(0),
              new String(path, StandardCharsets.UTF_8)));
    }
  }

  /**
   * One file's patch: its header lines, then at most one hunk. Null when the output is not what was
   * expected here (the rest is then not trusted).
   */
  private Read section(Entry e, boolean unmerged) throws IOException {
    byte[] first = in.line();
    if (first == null || !startsWith(first, unmerged ? "* Unmerged path " : "diff --git ")) {
      return null;
    }
    Version now = new Version(maxFileSize);
    Version before = new Version(maxFileSize);
    BitSet added = new BitSet();
    boolean binary = false;
    boolean whole = true;
    int hunks = 0;
    while (true) {
      byte[] line = in.peekLine();
      if (line == null || startsWith(line, "diff --git ") || startsWith(line, "* Unmerged path ")) {
        break;
      }
      in.line();
      if (startsWith(line, "Binary files ") || startsWith(line, "GIT binary patch")) {
        binary = true;
      } else if (startsWith(line, "@@ -")) {
        int[] range = hunkRange(line);
        if (range == null) {
          return null;
        }
        hunks++;
        // The whole file is one hunk from line 1 (or none for an empty side); anything else is
        // only part of it.
        whole &= hunks == 1 && range[0] <= 1 && range[2] <= 1;
        if (!body(range, before, now, added)) {
          return null;
        }
      }
    }
    if (binary || !whole) {
      return new Read(e, null, null, -1, added, binary);
    }
    byte[] beforeBytes = e.hadFile() && before.kept != null ? before.kept.toByteArray() : null;
    byte[] nowBytes = now.kept == null ? null : now.kept.toByteArray();
    return new Read(e, nowBytes, beforeBytes, now.size, added, false);
  }

  /** Reads one hunk's lines into the two versions; false when the lines do not match the counts. */
  private boolean body(int[] range, Version before, Version now, BitSet added) throws IOException {
    int oldLeft = range[1];
    int newLeft = range[3];
    int newLine = Math.max(range[2], 1);
    int last = 0; // which versions the previous line went to: 1 old, 2 new, 3 both
    while (true) {
      int c = in.peekByte();
      if (c == '\\') {
        // "\ No newline at end of file": the previous line has no line feed in its versions.
        in.line();
        if ((last & 1) != 0) {
          before.dropNewline();
        }
        if ((last & 2) != 0) {
          now.dropNewline();
        }
        last = 0;
        continue;
      }
      if (oldLeft == 0 && newLeft == 0) {
        return true;
      }
      if (c == ' ' && oldLeft > 0 && newLeft > 0) {
        oldLeft--;
        newLeft--;
        newLine++;
        last = 3;
      } else if (c == '-' && oldLeft > 0) {
        oldLeft--;
        last = 1;
      } else if (c == '+' && newLeft > 0) {
        newLeft--;
        added.set(newLine++);
        last = 2;
      } else {
        return false;
      }
      in.read();
      in.copyLine((last & 1) != 0 ? before : null, (last & 2) != 0 ? now : null);
    }
  }

  /** {oldStart, oldCount, newStart, newCount} of "@@ -a[,b] +c[,d] @@", or null. */
  private static int[] hunkRange(byte[] line) {
    String s = new String(line, StandardCharsets.US_ASCII);
    int end = s.indexOf(" @@", 4);
    if (end < 0) {
      return null;
    }
    int plus = s.indexOf(" +", 4);
    if (plus < 0 || plus > end) {
      return null;
    }
    try {
      int[] old = startAndCount(s.substring(4, plus));
      int[] now = startAndCount(s.substring(plus + 2, end));
      return new int[] {old[0], old[1], now[0], now[1]};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int[] startAndCount(String range) {
    int comma = range.indexOf(',');
    return comma < 0
        ? new int[] {Integer.parseInt(range), 1}
        : new int[] {
          Integer.parseInt(range.substring(0, comma)), Integer.parseInt(range.substring(comma + 1))
        };
  }

  private static boolean startsWith(byte[] line, String prefix) {
    if (line.length < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static boolean isFile(int mode) {
    return (mode & TYPE_MASK) == REGULAR_FILE;
  }

  /** One version of a file as the patch rebuilds it: kept up to the limit, counted beyond. */
  static final class Version {
    private final long limit;
    private ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long size;

    Version(long limit) {
      this.limit = limit;
    }

    void write(byte[] b, int off, int len) {
      size += len;
      if (kept != null && size > limit) {
        kept = null;
      }
      if (kept != null) {
        kept.write(b, off, len);
      }
    }

    void dropNewline() {
      size--;
      if (kept != null && kept.size() > 0) {
        byte[] all = kept.toByteArray();
        kept.reset();
        kept.write(all, 0, all.length - 1);
      }
    }
  }

  /** Git's output read as NUL-ended fields, then as lines, one line of look-ahead. */
  private static final class Lines {
    private final InputStream in;
    private final byte[] buf = new byte[64 << 10];
    private int pos;
    private int end;
    private byte[] peeked;

    Lines(InputStream in) {
      this.in = in;
    }

    private boolean fill() throws IOException {
      if (pos < end) {
        return true;
      }
      end = in.read(buf, 0, buf.length);
      pos = 0;
      if (end < 0) {
        end = 0;
        return false;
      }
      return true;
    }

    int peekByte() throws IOException {
      if (peeked != null) {
        return peeked.length == 0 ? '\n' : peeked[0] & 0xff;
      }
      return fill() ? buf[pos] & 0xff : -1;
    }

    int read() throws IOException {
      return fill() ? buf[pos++] & 0xff : -1;
    }

    /** The bytes up to the next NUL (dropped), or null at the end. */
    byte[] field() throws IOException {
      return upTo((byte) 0);
    }

    /** The next line without its line feed, or null at the end. */
    byte[] line() throws IOException {
      if (peeked != null) {
        byte[] p = peeked;
        peeked = null;
        return p;
      }
      return upTo((byte) '\n');
    }

    byte[] peekLine() throws IOException {
      if (peeked == null) {
        peeked = upTo((byte) '\n');
      }
      return peeked;
    }

    private byte[] upTo(byte stop) throws IOException {
      ByteArrayOutputStream out = null;
      while (fill()) {
        for (int i = pos; i < end; i++) {
          if (buf[i] == stop) {
            byte[] b = append(out, i);
            pos = i + 1;
            return b;
          }
        }
        if (out == null) {
          out = new ByteArrayOutputStream();
        }
        out.write(buf, pos, end - pos);
        pos = end;
      }
      return out == null ? null : out.toByteArray();
    }

    private byte[] append(ByteArrayOutputStream out, int i) {
      if (out == null) {
        byte[] b = new byte[i - pos];
        System.arraycopy(buf, pos, b, 0, b.length);
        return b;
      }
      out.write(buf, pos, i - pos);
      return out.toByteArray();
    }

    /** Copies the rest of the line, its line feed included, into each version given. */
    void copyLine(Version a, Version b) throws IOException {
      while (fill()) {
        int stop = end;
        for (int i = pos; i < end; i++) {
          if (buf[i] == '\n') {
            stop = i + 1;
            break;
          }
        }
        if (a != null) {
          a.write(buf, pos, stop - pos);
        }
        if (b != null) {
          b.write(buf, pos, stop - pos);
        }
        boolean done = buf[stop - 1] == '\n';
        pos = stop;
        if (done) {
          return;
        }
      }
    }

    /** Reads what is left, so that git can finish writing. */
    void drain() throws IOException {
      peeked = null;
      while (in.read(buf, 0, buf.length) >= 0) {
        // discard
      }
    }
  }
}
