package dev.keyhound.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a text file too large to hold whole as a series of overlapping windows of at most {@code
 * window} bytes, so that its memory is bounded by the window whatever the file's size. Each window
 * after the first starts at a line start (the last one in its predecessor's first {@code window -
 * overlap} bytes, else at a character boundary), and owns the text up to where the next begins: a
 * value that straddles that point lies whole in one window (when it is shorter than the overlap)
 * and belongs to exactly one, so it is reported once, with its line counted from the file's start.
 * The file's git blob id is computed on the way.
 */
final class WindowedScan {
  /** Enough of a file's start to tell text from binary, as {@code TextDecoding} looks. */
  static final int SAMPLE = 8000;

  private final int window;
  private final int overlap;

  /** One window of text. */
  interface Windows {
    /**
     * @param text the window's text
     * @param ownedChars how many of its leading chars it owns (the rest the next window owns)
     * @param lineBase the number of lines before the window
     * @param charBase the number of chars before the window
     */
    void window(String text, int ownedChars, int lineBase, long charBase);
  }

  /** How the read went: the blob id, or why the file was passed over. */
  sealed interface Outcome {
    record Scanned(String blobId) implements Outcome {}

    record Binary() implements Outcome {}
  }

  WindowedScan(int window, int overlap) {
    if (overlap <= 0 || window <= 2 * overlap) {
      throw new IllegalArgumentException(
          "window must exceed twice the overlap: window " + window + ", overlap " + overlap);
    }
    this.window = window;
    this.overlap = overlap;
  }

  Outcome scan(LargeFile large, Windows out) throws IOException {
    try (InputStream in = large.content().open()) {
      long size = large.size();
      MessageDigest sha1 = sha1();
      sha1.update(("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[(int) Math.min(window, Math.max(size, 1))];
      // Read sequentially (a blob streamed from git cannot seek): the part of a window that the
      // next
      // one owns is moved to the buffer's start and the rest read after it.
      int carried = 0;
      long pos = 0;
      int lineBase = 0;
      long charBase = 0;
      boolean first = true;
      while (pos < size) {
        int n =
            carried + in.readNBytes(buf, carried, (int) Math.min(buf.length, size - pos) - carried);
        if (n == 0) {
          break; // the file shrank while we read it: what there was has been scanned
        }
        boolean last = pos + n >= size || n < Math.min(buf.length, size - pos);
        if (first && looksBinary(buf, n)) {
          return new Outcome.Binary();
        }
        int from =
            first
                    && n >= 3
                    && (buf[0] & 0xff) == 0xef
                    && (buf[1] & 0xff) == 0xbb
                    && (buf[2] & 0xff) == 0xbf
                ? 3
                : 0;
        int owned = last ? n : nextStart(buf, n);
        int end = last ? n : charBoundary(buf, n);
        String head = new String(buf, from, owned - from, StandardCharsets.UTF_8);
        String text = head + new String(buf, owned, end - owned, StandardCharsets.UTF_8);
        out.window(text, head.length(), lineBase, charBase);
        sha1.update(buf, 0, owned);
        for (int i = 0; i < owned; i++) {
          if (buf[i] == '\n') {
            lineBase++;
          }
        }
        charBase += head.length();
        pos += owned;
        first = false;
        if (last) {
          break;
        }
        carried = n - owned;
        System.arraycopy(buf, owned, buf, 0, carried);
      }
      return new Outcome.Scanned(HexFormat.of().formatHex(sha1.digest()));
    }
  }

  /** Where the next window starts: after the last newline of this one's owned part, if any. */
  private int nextStart(byte[] buf, int n) {
    int step = Math.min(n - overlap, window - overlap);
    for (int i = step - 1; i >= step / 2; i--) {
      if (buf[i] == '\n') {
        return i + 1;
      }
    }
    return charBoundary(buf, step); // one very long line: cut it, but not inside a character
  }

  /** The last point at or before {@code at} where no UTF-8 character is cut in two. */
  static int charBoundary(byte[] buf, int at) {
    int j = at - 1;
    while (j >= 0 && (buf[j] & 0xc0) == 0x80) {
      j--;
    }
    if (j < 0) {
      return at;
    }
    int lead = buf[j] & 0xff;
    int len = lead < 0x80 ? 1 : (lead & 0xe0) == 0xc0 ? 2 : (lead & 0xf0) == 0xe0 ? 3 : 4;
    return j + len <= at ? at : j;
  }

  private static boolean looksBinary(byte[] buf, int n) {
    for (int i = 0; i < Math.min(n, SAMPLE); i++) {
      if (buf[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
