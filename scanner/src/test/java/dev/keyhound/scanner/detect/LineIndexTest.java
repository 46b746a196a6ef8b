package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LineIndexTest {
  @Test
  void mapsOffsetsToOneBasedLinesAndColumns() {
    LineIndex idx = new LineIndex("ab\r\ncd\n\nef");
    assertEquals(1, idx.line(0));
    assertEquals(2, idx.line(4));
    assertEquals(2, idx.column(5));
    assertEquals(3, idx.line(7));
    assertEquals(4, idx.line(8));
    assertEquals("ab", idx.lineText(1));
    assertEquals("", idx.lineText(3));
    assertEquals("ef", idx.lineText(4));
  }

  @Test
  void answersInAnyOrder_asCountingLineFeedsDoes() {
    // The index finds line starts only as far as the questions need: asked out of order, near the
    // end first, or at a line feed, it must answer as a count over the whole text does.
    Random random = new Random(7);
    String[] pieces = {"a", "bc", "\n", "\r\n", "\n\n", "xyz "};
    for (int t = 0; t < 300; t++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(200);
      while (sb.length() < len) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      LineIndex idx = new LineIndex(text);
      for (int q = 0; q < 20; q++) {
        int offset = random.nextInt(text.length() + 1);
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < offset; k++) {
          if (text.charAt(k) == '\n') {
            line++;
            lineStart = k + 1;
          }
        }
        int end = text.indexOf('\n', lineStart);
        String lineText = text.substring(lineStart, end < 0 ? text.length() : end);
        lineText =
            lineText.endsWith("\r") ? lineText.substring(0, lineText.length() - 1) : lineText;
        assertEquals(line, idx.line(offset), text + " @" + offset);
        assertEquals(offset - lineStart + 1, idx.column(offset), text + " @" + offset);
        assertEquals(lineText, idx.lineText(line), text + " @" + offset);
        assertEquals(lineStart, idx.lineStart(line), text + " @" + offset);
      }
      assertEquals(text.split("\n", -1).length, idx.lineCount(), text);
    }
  }
}
