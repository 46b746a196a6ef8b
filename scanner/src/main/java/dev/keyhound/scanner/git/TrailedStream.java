package dev.keyhound.scanner.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A command's output followed by a line the launcher appends, {@code "\nkeyhound-git-exit=N\n"}:
 * reads as the output alone, and gives N once the end is reached. The launcher starts git before
 * the JVM (see {@code ./keyhound}) and hands its output over as a file descriptor, which carries no
 * exit status of its own; without this line the output is not trusted.
 */
final class TrailedStream extends InputStream {
  static final String MARK = "\nkeyhound-git-exit=";

  /** The longest trailer: the mark, an exit status of up to three digits, a line feed. */
  private static final int HELD = MARK.length() + 4;

  private final InputStream in;
  private final byte[] buf = new byte[64 << 10];
  private int pos;
  private int end;
  private boolean eof;
  private Integer exit;

  TrailedStream(InputStream in) {
    this.in = in;
  }

  /** The exit status in the trailer once the end was read; null before, or without a trailer. */
  Integer exitStatus() {
    return exit;
  }

  /** Fills the buffer so that bytes before the last {@link #HELD} (or the trailer) can be given. */
  private int available0() throws IOException {
    while (true) {
      int releasable = eof ? end - pos : end - pos - HELD;
      if (releasable > 0 || eof) {
        return Math.max(releasable, 0);
      }
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, end - pos);
        end -= pos;
        pos = 0;
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        eof = true;
        end = pos + trailerStart();
      } else {
        end += n;
      }
    }
  }

  /** Where the trailer starts among the bytes left, which then end the stream; sets the status. */
  private int trailerStart() {
    String tail = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
    int at = tail.lastIndexOf(MARK);
    if (at < 0 || !tail.endsWith("\n")) {
      return end - pos; // no trailer: the output is given whole, and no status
    }
    String digits = tail.substring(at + MARK.length(), tail.length() - 1);
    try {
      exit = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return end - pos;
    }
    return at;
  }

  @Override
  public int read() throws IOException {
    return available0() > 0 ? buf[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = Math.min(available0(), len);
    if (n <= 0) {
      return -1;
    }
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
