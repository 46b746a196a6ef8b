package dev.keyhound.scanner.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The type of each object in a pack, read from the entry headers alone (a delta takes its base's
 * type), so that trees can be told from blobs without inflating either. See git's
 * Documentation/gitformat-pack.txt.
 */
final class PackTypes {
  private static final int OFS_DELTA = 6;
  private static final int REF_DELTA = 7;

  private PackTypes() {}

  /**
   * @param offsets the pack's object offsets, ascending
   * @return the type of the object at each offset ({@link Constants#OBJ_TREE} and so on), 0 where
   *     unknown
   */
  static byte[] read(Path pack, long[] offsets, PackIndex index) throws IOException {
    return read(pack, offsets, index, CHUNK);
  }

  /** As above, reading {@code chunk} bytes at a time (tests use small chunks). */
  static byte[] read(Path pack, long[] offsets, PackIndex index, int chunk) throws IOException {
    if (chunk < HEADER_MAX) {
      throw new IllegalArgumentException("chunk shorter than a header: " + chunk);
    }
    byte[] types = new byte[offsets.length];
    // Headers are read a chunk at a time: one read per header (a quarter of a million in a 250 MB
    // pack) cost the prefetch thread more CPU than parsing them.
    ByteBuffer buf = ByteBuffer.allocate(chunk).limit(0);
    long start = 0;
    try (FileChannel ch = FileChannel.open(pack, StandardOpenOption.READ)) {
      long size = ch.size();
      for (int i = 0; i < offsets.length; i++) {
        long offset = offsets[i];
        if (offset < start || offset + HEADER_MAX > start + buf.limit()) {
          start = offset;
          fill(ch, buf, start, Math.min(chunk, size - start));
        }
        buf.position((int) (offset - start));
        types[i] = (byte) type(buf, offset, offsets, types, index);
      }
    }
    return types;
  }

  /** Bytes read at once; an entry header starts anywhere in it and ends within it. */
  private static final int CHUNK = 256 << 10;

  /** The longest entry header: type and size (10 bytes at most) and a base id (20). */
  private static final int HEADER_MAX = 64;

  /** Reads {@code length} bytes at {@code at} (fewer only at the end of the file). */
  private static void fill(FileChannel ch, ByteBuffer buf, long at, long length)
      throws IOException {
    buf.clear();
    buf.limit((int) Math.max(0, length));
    while (buf.hasRemaining()) {
      if (ch.read(buf, at + buf.position()) < 0) {
        break;
      }
    }
    buf.flip();
  }

  private static int type(
      ByteBuffer b, long offset, long[] offsets, byte[] types, PackIndex index) {
    int c = b.get() & 0xff;
    int type = (c >> 4) & 7;
    while ((c & 0x80) != 0) {
      c = b.get() & 0xff; // the rest of the size
    }
    if (type == OFS_DELTA) {
      c = b.get() & 0xff;
      long back = c & 127;
      while ((c & 0x80) != 0) {
        c = b.get() & 0xff;
        back = ((back + 1) << 7) + (c & 127);
      }
      return typeAt(offset - back, offsets, types);
    }
    if (type == REF_DELTA) {
      byte[] id = new byte[Constants.OBJECT_ID_LENGTH];
      b.get(id);
      return typeAt(index.findOffset(ObjectId.fromRaw(id)), offsets, types);
    }
    return type;
  }

  /** A base earlier in the pack has its type already; a later one (rare) is left unknown. */
  private static int typeAt(long offset, long[] offsets, byte[] types) {
    int i = offset < 0 ? -1 : Arrays.binarySearch(offsets, offset);
    return i < 0 ? 0 : types[i];
  }
}
