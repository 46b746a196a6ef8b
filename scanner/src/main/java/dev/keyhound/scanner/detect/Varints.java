package dev.keyhound.scanner.detect;

import java.util.Arrays;

/**
 * Non-negative ints in a byte array, seven bits a byte, low bits first (protobuf's varints): the
 * plan cache's automaton tables are mostly small numbers, so a quarter of the bytes of fixed-width
 * ints, and read with plain array loads (a {@code DataInputStream} call per int costs more than the
 * rest of the read while the JIT has not compiled it).
 */
final class Varints {
  private Varints() {}

  /** Appends varints to a growing array. */
  static final class Writer {
    private byte[] bytes = new byte[256];
    private int size;

    void write(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative: " + v);
      }
      if (bytes.length - size < 5) {
        bytes = Arrays.copyOf(bytes, 2 * bytes.length);
      }
      while (v >= 0x80) {
        bytes[size++] = (byte) (v | 0x80);
        v >>>= 7;
      }
      bytes[size++] = (byte) v;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  /** Reads varints from an array, in order. */
  static final class Reader {
    private final byte[] bytes;
    private int at;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    /**
     * The next int.
     *
     * @throws IllegalArgumentException past the end, or for more than an int's bits
     */
    int read() {
      int v = 0;
      for (int shift = 0; ; shift += 7) {
        if (at == bytes.length) {
          throw new IllegalArgumentException("truncated at byte " + at);
        }
        byte b = bytes[at++];
        if (shift == 28 && (b & 0xF8) != 0) { // a non-negative int has three bits left here
          throw new IllegalArgumentException("not a non-negative int before byte " + at);
        }
        v |= (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }

    boolean atEnd() {
      return at == bytes.length;
    }
  }
}
