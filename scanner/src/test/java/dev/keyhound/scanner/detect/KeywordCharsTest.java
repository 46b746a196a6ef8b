package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The keyword chars table the build saves is the one a scan would build, on this JVM only. */
class KeywordCharsTest {
  private static final int CHARS = Character.MAX_VALUE + 1;

  @Test
  void theSavedTable_isTheBuiltOne() throws IOException {
    byte[] built = new byte[CHARS];
    char[] builtChars = KeywordChars.build(built);
    ByteArrayOutputStream saved = new ByteArrayOutputStream();
    KeywordChars.write(saved);

    byte[] read = new byte[CHARS];
    char[] readChars = KeywordChars.read(new ByteArrayInputStream(saved.toByteArray()), read);

    assertArrayEquals(builtChars, readChars);
    assertArrayEquals(built, read);
    assertArrayEquals(builtChars, KeywordChars.notNone());
  }

  @Test
  void theBuildSavesTheTable_forTheJvmItRanOn() throws IOException {
    byte[] built = new byte[CHARS];
    char[] builtChars = KeywordChars.build(built);
    byte[] read = new byte[CHARS];
    try (InputStream in = KeywordChars.class.getResourceAsStream(KeywordChars.RESOURCE)) {
      assertNotNull(in, "the build wrote " + KeywordChars.RESOURCE);
      assertArrayEquals(builtChars, KeywordChars.read(in, read));
    }
    assertArrayEquals(built, read);
  }

  @Test
  void aTableSavedOnAnotherFeatureVersion_isNotRead() throws IOException {
    byte[] map = new byte[CHARS];
    byte[] other = table(Runtime.version().feature() + 1, 'x', (char) 0x212a, (byte) 'k');
    assertNull(KeywordChars.read(new ByteArrayInputStream(other), map));
    assertArrayEquals(new byte[CHARS], map);
  }

  @Test
  void aDamagedTable_isRefused() throws IOException {
    int feature = Runtime.version().feature();
    byte[] map = new byte[CHARS];
    byte[] asciiEntry = table(feature, 'a', 'b', (byte) 'b');
    byte[] outOfRange = table(feature, (char) 0x212a, (char) 0x212b, (byte) 0x90);
    assertThrows(
        IOException.class, () -> KeywordChars.read(new ByteArrayInputStream(asciiEntry), map));
    assertThrows(
        IOException.class, () -> KeywordChars.read(new ByteArrayInputStream(outOfRange), map));
  }

  /** A saved table of two entries: {@code a} to 'k', then {@code b} to {@code value}. */
  private static byte[] table(int feature, char a, char b, byte value) {
    return SavedTable.bytes(2, feature, a, 'k', b, value);
  }
}
