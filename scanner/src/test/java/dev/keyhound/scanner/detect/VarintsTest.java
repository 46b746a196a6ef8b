package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VarintsTest {
  @Test
  void intsReadBackInOrder_edgesAndRandom() {
    int[] values = new int[2000];
    int[] edges = {0, 1, 127, 128, 16383, 16384, (1 << 21) - 1, 1 << 21, (1 << 28) - 1, 1 << 28};
    System.arraycopy(edges, 0, values, 0, edges.length);
    values[edges.length] = Integer.MAX_VALUE;
    Random random = new Random(3);
    for (int i = edges.length + 1; i < values.length; i++) {
      values[i] = random.nextInt(Integer.MAX_VALUE) >>> random.nextInt(31);
    }
    Varints.Writer w = new Varints.Writer();
    for (int v : values) {
      w.write(v);
    }
    Varints.Reader r = new Varints.Reader(w.toByteArray());
    for (int v : values) {
      assertEquals(v, r.read());
    }
    assertTrue(r.atEnd());
  }

  @Test
  void smallIntsTakeOneByte() {
    Varints.Writer w = new Varints.Writer();
    w.write(0);
    w.write(127);
    w.write(128);
    assertEquals(4, w.toByteArray().length);
  }

  @Test
  void negative_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Varints.Writer().write(-1));
  }

  @Test
  void truncatedOrTooLong_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new Varints.Reader(new byte[] {(byte) 0x80}).read());
    assertThrows(IllegalArgumentException.class, () -> new Varints.Reader(new byte[0]).read());
    // Five bytes whose last holds more than the three bits left for a non-negative int.
    byte[] tooLong = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x08};
    assertThrows(IllegalArgumentException.class, () -> new Varints.Reader(tooLong).read());
    byte[] max = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    assertEquals(Integer.MAX_VALUE, new Varints.Reader(max).read());
  }
}
