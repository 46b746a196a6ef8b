package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A segment is a value: its chars follow from its text and play no part in what it equals. */
class SegmentTest {
  @Test
  void segmentsOfTheSameText_areEqual_whereverTheirCharsCameFrom() {
    byte[] bytes = "key = value\n".getBytes(StandardCharsets.UTF_8);
    Segment decoded = TextDecoding.decodeWithChars(bytes).segment("a.env");
    Segment fromString = new Segment("a.env", "key = value\n");

    assertEquals(fromString, decoded);
    assertEquals(fromString.hashCode(), decoded.hashCode());
    assertEquals(fromString.toString(), decoded.toString());
    assertArrayEquals(fromString.chars(), decoded.chars());
    assertEquals(
        "Segment[member=a.env, text=key = value\n, page=null, cell=null, encodedAt=null]",
        decoded.toString());
  }

  @Test
  void decodedText_hasNoStringUntilAskedFor_thenTheSameOneEachTime() {
    Segment decoded =
        TextDecoding.decodeWithChars("k = caf\u00e9\n".getBytes(StandardCharsets.UTF_8))
            .segment(null);
    assertNull(decoded.textIfMade());
    String text = decoded.text();
    assertEquals("k = caf\u00e9\n", text);
    assertSame(text, decoded.text());
    assertSame(text, decoded.textIfMade());
    assertEquals("k", new Segment(null, "k").textIfMade());
  }

  @Test
  void segmentsDifferingInAnyPart_areNotEqual() {
    Segment s = new Segment("a", "t", 1, null, null);
    assertNotEquals(s, new Segment("b", "t", 1, null, null));
    assertNotEquals(s, new Segment("a", "u", 1, null, null));
    assertNotEquals(s, new Segment("a", "t", 2, null, null));
    assertNotEquals(s, new Segment("a", "t", 1, 1, null));
    assertNotEquals(s, new Segment("a", "t", 1, null, new Segment.Origin(1, 1, "base64")));
  }

  @Test
  void charsOfAnotherLength_areRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Segment(null, "abc", null, null, null, new char[] {'a'}));
  }
}
