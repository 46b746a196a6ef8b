package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.scanner.Skipped;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member read with the size its archive declares gives what the plain read gives: the same bytes,
 * or the same skip, whether the declaration is right, short or long.
 */
class ReadMemberTest {
  private static final long CAP = 100;

  private record Read(byte[] bytes, List<Skipped> skips) {}

  private static Read read(byte[] data, long declared, boolean trickle) throws IOException {
    List<Skipped> skips = new ArrayList<>();
    Extraction x =
        new Extraction(
            new ExtractionLimits(2, 1 << 20, 100, 100, 2, Duration.ofSeconds(5), CAP),
            "archive.zip",
            data.length,
            segment -> {},
            skips::add);
    InputStream in = new ByteArrayInputStream(data);
    if (trickle) {
      // At most 7 bytes a read, as a decompressing stream may give them.
      in =
          new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              return super.read(b, off, Math.min(len, 7));
            }
          };
    }
    byte[] bytes =
        declared == Long.MIN_VALUE
            ? x.readMember(in, "m.txt")
            : x.readMember(in, "m.txt", declared);
    return new Read(bytes, skips);
  }

  @Test
  void declaredSize_readsAsThePlainReadDoes_rightShortOrLong() throws IOException {
    for (int length : new int[] {0, 1, 50, 99, 100, 101, 150, 300}) {
      byte[] data = new byte[length];
      for (int i = 0; i < length; i++) {
        data[i] = (byte) (i * 31 + 7);
      }
      for (boolean trickle : new boolean[] {false, true}) {
        Read plain = read(data, Long.MIN_VALUE, trickle);
        for (long declared : new long[] {-1, 0, 1, 49, 50, 51, 99, 100, 101, 150, 1 << 20}) {
          Read withSize = read(data, declared, trickle);
          String what = length + " bytes declared as " + declared + (trickle ? ", trickled" : "");
          assertArrayEquals(plain.bytes(), withSize.bytes(), what);
          assertEquals(plain.skips(), withSize.skips(), what);
        }
      }
    }
  }
}
