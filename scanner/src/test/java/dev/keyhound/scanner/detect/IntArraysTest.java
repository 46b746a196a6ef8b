package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class IntArraysTest {
  @Test
  void sortedDistinct_sortsAndDropsRepeats() {
    assertArrayEquals(new int[] {1, 2, 3}, IntArrays.sortedDistinct(new int[] {3, 1, 3, 2, 1}));
    assertArrayEquals(new int[] {}, IntArrays.sortedDistinct(new int[] {}));
    assertArrayEquals(new int[] {-4, 7}, IntArrays.sortedDistinct(new int[] {7, -4, 7}));
  }

  @Test
  void sortedDistinct_givesBackAnArrayThatHasNoRepeats() {
    int[] a = {5, 2, 9};
    assertSame(a, IntArrays.sortedDistinct(a));
    assertArrayEquals(new int[] {2, 5, 9}, a);
  }
}
