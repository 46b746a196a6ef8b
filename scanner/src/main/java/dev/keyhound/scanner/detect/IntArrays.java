package dev.keyhound.scanner.detect;

import java.util.Arrays;

/**
 * Small sets of ints as sorted arrays, made without a stream: the detector makes them at its start
 * and while a scan runs, where a stream pipeline costs tens of microseconds interpreted for a
 * handful of ints.
 */
final class IntArrays {
  private IntArrays() {}

  /** {@code a} with {@code v} added at its end (null: {@code v} alone). */
  static int[] append(int[] a, int v) {
    if (a == null) {
      return new int[] {v};
    }
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  /** {@code a}'s values, each once, ascending: {@code a} itself (sorted in place) or a copy. */
  static int[] sortedDistinct(int[] a) {
    Arrays.sort(a);
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      if (n == 0 || a[i] != a[n - 1]) {
        a[n++] = a[i];
      }
    }
    return n == a.length ? a : Arrays.copyOf(a, n);
  }
}
