package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
