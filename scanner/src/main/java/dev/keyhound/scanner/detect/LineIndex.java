package dev.keyhound.scanner.detect;

import java.util.Arrays;

/**
 * Maps char offsets in a text to 1-based lines and columns. Line starts are found as far as the
 * questions asked need, not over the whole text at once: most texts that get one have a match or
 * two near their start, or none that passes the checks before the line is asked for.
 */
public final class LineIndex {
  private final char[] chars;

  /** The text is {@code chars[0, length)}. */
  private final int length;

  /** The line starts found so far, in {@code starts[0, count)}; the first is 0. */
  private int[] starts = new int[16];

  private int count = 1;

  /** Where the search for the next line feed resumes, or -1 once every line start is found. */
  private int next;

  public LineIndex(String text) {
    this(text.toCharArray(), text.length());
  }

  /** The index of the text {@code chars[0, length)}: read, never written. */
  public LineIndex(char[] chars, int length) {
    if (length < 0 || length > chars.length) {
      throw new IllegalArgumentException(
          "length " + length + " outside the " + chars.length + " chars given");
    }
    this.chars = chars;
    this.length = length;
  }

  /** Finds the next line start, or that there is none. */
  private void findNext() {
    int lf = lineFeedFrom(chars, next, length);
    if (lf < 0) {
      next = -1;
      return;
    }
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
    }
    starts[count++] = lf + 1;
    next = lf + 1;
  }

  /** The first line feed in {@code cs[from, to)}, or -1 for none. */
  static int lineFeedFrom(char[] cs, int from, int to) {
    for (int k = from; k < to; k++) {
      if (cs[k] == '\n') {
        return k;
      }
    }
    return -1;
  }

  /** Finds line starts until one past {@code offset} is known or every one is. */
  private void reachOffset(int offset) {
    while (next >= 0 && starts[count - 1] <= offset) {
      findNext();
    }
  }

  /** Finds line starts until {@code n} are known or every one is. */
  private void reachLines(int n) {
    while (next >= 0 && count < n) {
      findNext();
    }
  }

  /** 1-based line of the offset. */
  public int line(int offset) {
    reachOffset(offset);
    int i = Arrays.binarySearch(starts, 0, count, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** 1-based column of the offset. */
  public int column(int offset) {
    return offset - starts[line(offset) - 1] + 1;
  }

  /** Number of lines (a text without line feeds has one). */
  int lineCount() {
    reachLines(Integer.MAX_VALUE);
    return count;
  }

  /** Offset of the first char of the 1-based line. */
  int lineStart(int line) {
    reachLines(line);
    return starts[line - 1];
  }

  /** Offset of the line feed ending the 1-based line, or the text's length for the last line. */
  int lineEnd(int line) {
    reachLines(line + 1);
    return line < count ? starts[line] - 1 : length;
  }

  /** The text of the 1-based line, without its line terminator. */
  public String lineText(int line) {
    int from = lineStart(line);
    int to = lineEnd(line);
    if (to > from && chars[to - 1] == '\r') {
      to--;
    }
    return new String(chars, from, Math.max(0, to - from));
  }
}
