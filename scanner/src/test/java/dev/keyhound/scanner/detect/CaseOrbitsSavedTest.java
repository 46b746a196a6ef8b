package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The case orbits the build saves are the ones a scan would compute, on this JVM only. */
class CaseOrbitsSavedTest {
  private static final int LIMIT = 0x20000;

  @Test
  void theSavedOrbits_areTheComputedOnes() throws IOException {
    ByteArrayOutputStream saved = new ByteArrayOutputStream();
    CaseOrbits.write(saved);
    assertSameOrbits(new ByteArrayInputStream(saved.toByteArray()));
  }

  @Test
  void theBuildSavesTheOrbits_forTheJvmItRanOn() throws IOException {
    try (InputStream in = CaseOrbits.class.getResourceAsStream(CaseOrbits.RESOURCE)) {
      assertNotNull(in, "the build wrote " + CaseOrbits.RESOURCE);
      assertSameOrbits(in);
    }
  }

  @Test
  void orbitsSavedOnAnotherFeatureVersion_areNotRead() throws IOException {
    byte[] other = orbits(Runtime.version().feature() + 1, 'K', 'k', 0x212a);
    assertNull(CaseOrbits.read(new ByteArrayInputStream(other)));
  }

  @Test
  void damagedOrbits_areRefused() throws IOException {
    int feature = Runtime.version().feature();
    byte[] unordered = orbits(feature, 'k', 'K', 0x212a);
    byte[] outOfRange = orbits(feature, 'K', 'k', LIMIT);
    byte[] cut = Arrays.copyOf(orbits(feature, 'K', 'k', 0x212a), 24);
    for (byte[] damaged : List.of(unordered, outOfRange, cut)) {
      assertThrows(IOException.class, () -> CaseOrbits.read(new ByteArrayInputStream(damaged)));
    }
  }

  private static void assertSameOrbits(InputStream saved) throws IOException {
    int[][] built = CaseOrbits.Holder.build();
    int[][] read = CaseOrbits.read(saved);
    assertNotNull(read);
    assertEquals(LIMIT, read.length);
    int cased = 0;
    for (int c = 0; c < LIMIT; c++) {
      assertArrayEquals(built[c], read[c], "U+" + Integer.toHexString(c));
      cased += read[c] != null ? 1 : 0;
    }
    assertTrue(cased > 2000, cased + " code points with case");
  }

  /** Saved orbits holding one class of three members. */
  private static byte[] orbits(int feature, int a, int b, int c) {
    return SavedTable.bytes(1, feature, 1, 3, a, b, c);
  }
}
