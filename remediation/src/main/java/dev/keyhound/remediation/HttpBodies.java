package dev.keyhound.remediation;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/**
 * Request bodies for the JDK HTTP server with a cap. An over-size body is read and thrown away (up
 * to {@link #DISCARD_LIMIT}) before the 413 is sent: closing a socket with unread input makes the
 * kernel reset the connection, and the client loses the answer with it.
 */
final class HttpBodies {
  /** How much of an over-size body is swallowed so that its 413 arrives. */
  static final long DISCARD_LIMIT = 128L << 20;

  private HttpBodies() {}

  /** A body over its cap (answer 413). */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("request body too large");
    }
  }

  /** The body, at most {@code cap} bytes; throws {@link TooLarge} (after discarding) beyond. */
  static byte[] read(HttpExchange ex, int cap) throws IOException {
    InputStream in = ex.getRequestBody();
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null
        && declared.trim().matches("\\d{1,18}")
        && Long.parseLong(declared.trim()) > cap) {
      discard(in);
      throw new TooLarge();
    }
    byte[] b = in.readNBytes(cap + 1);
    if (b.length > cap) {
      discard(in);
      throw new TooLarge();
    }
    return b;
  }

  private static void discard(InputStream in) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    int n;
    while (total < DISCARD_LIMIT && (n = in.read(buf)) > 0) {
      total += n;
    }
  }
}
