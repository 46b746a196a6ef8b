package dev.keyhound.scanner.detect;

import java.util.Arrays;

/** Maps char offsets in a text to 1-based lines and columns. */
public final class LineIndex {
  private final String text;
  private final int[] starts;

  public LineIndex(String text) {
    this.text = text;
    int[] s = new int[16];
    int n = 0;
    s[n++] = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (n == s.length) {
        s = Arrays.copyOf(s, n * 2);
      }
      s[n++] = i + 1;
    }
    this.starts = Arrays.copyOf(s, n);
  }

  /** 1-based line of the offset. */
  public int line(int offset) {
    int i = Arrays.binarySearch(starts, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  /** 1-based column of the offset. */
  public int column(int offset) {
    return offset - starts[line(offset) - 1] + 1;
  }

  /** Number of lines (a text without line feeds has one). */
  int lineCount() {
    return starts.length;
  }

  /** Offset of the first char of the 1-based line. */
  int lineStart(int line) {
    return starts[line - 1];
  }

  /** Offset of the line feed ending the 1-based line, or the text's length for the last line. */
  int lineEnd(int line) {
    return line < starts.length ? starts[line] - 1 : text.length();
  }

  /** The text of the 1-based line, without its line terminator. */
  public String lineText(int line) {
    int from = starts[line - 1];
    int to = line < starts.length ? starts[line] - 1 : text.length();
    if (to > from && text.charAt(to - 1) == '\r') {
      to--;
    }
    return text.substring(from, Math.max(from, to));
  }
}
