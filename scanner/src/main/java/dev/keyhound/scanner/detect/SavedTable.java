package dev.keyhound.scanner.detect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A table of ints that the build saves beside the detector's classes ({@link PlanCacheCompiler})
 * for the JVM feature version it runs on, because what the table holds follows from that version's
 * Unicode data ({@link KeywordChars}, {@link CaseOrbits}): its layout, the feature version, then
 * the ints, big-endian. Read in one piece: a read per int through the jar's inflater cost a
 * pre-commit check that stops a commit milliseconds.
 */
final class SavedTable {
  private SavedTable() {}

  /** Writes {@code body} as a table of {@code layout} for this JVM's feature version. */
  static void write(OutputStream to, int layout, int[] body) throws IOException {
    to.write(bytes(layout, Runtime.version().feature(), body));
    to.flush();
  }

  /** The bytes of a table of {@code layout} saved on feature version {@code feature}. */
  static byte[] bytes(int layout, int feature, int... body) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * (2 + body.length));
    bytes.putInt(layout).putInt(feature).asIntBuffer().put(body);
    return bytes.array();
  }

  /**
   * The ints of a table of {@code layout}, or null when it was saved on another JVM feature
   * version.
   *
   * @throws IOException for another layout, or bytes that are no such table ({@code what} names it)
   */
  static int[] read(InputStream from, int layout, String what) throws IOException {
    byte[] bytes = from.readAllBytes();
    if (bytes.length % 4 != 0 || bytes.length < 8) {
      throw new IOException(what + ": " + bytes.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.getInt() != layout) {
      throw new IOException(what + ": another layout");
    }
    if (in.getInt() != Runtime.version().feature()) {
      return null;
    }
    int[] body = new int[in.remaining() / 4];
    in.asIntBuffer().get(body);
    return body;
  }
}
