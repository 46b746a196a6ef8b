package dev.keyhound.scanner.extract;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Charges every byte read from a decompressing stream to the budget, so a bomb stops where a limit
 * says.
 */
final class CountingStream extends FilterInputStream {
  private final Budget budget;

  CountingStream(InputStream in, Budget budget) {
    super(in);
    this.budget = budget;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      budget.add(1);
    }
    return c;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      budget.add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping decompresses just the same: read through so the bytes are charged.
    byte[] buf = new byte[8192];
    long left = n;
    while (left > 0) {
      int r = read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        break;
      }
      left -= r;
    }
    return n - left;
  }
}
