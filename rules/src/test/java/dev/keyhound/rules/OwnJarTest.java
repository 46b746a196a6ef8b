package dev.keyhound.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.io.File;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class OwnJarTest {
  @Test
  void of_namesAClassesJar_andNothingForAFolderOrTheJdk() {
    File re2j = OwnJar.of(Pattern.class);

    assertNotNull(re2j);
    assertTrue(re2j.isFile() && re2j.getName().endsWith(".jar"), re2j.toString());
    assertNull(OwnJar.of(OwnJarTest.class)); // target/test-classes in this build
    assertNull(OwnJar.of(String.class));
  }

  @Test
  void read_givesTheEntrysBytes_asTheClassLoaderWould() throws Exception {
    byte[] own = OwnJar.read(Pattern.class, "com/google/re2j/Pattern.class");

    try (InputStream in = Pattern.class.getResourceAsStream("Pattern.class")) {
      assertArrayEquals(in.readAllBytes(), own);
    }
  }

  @Test
  void read_isNullForAMissingEntryOrAClassOutsideAJar() throws Exception {
    assertNull(OwnJar.read(Pattern.class, "com/google/re2j/NoSuchThing.class"));
    assertNull(OwnJar.read(OwnJarTest.class, "dev/keyhound/rules/OwnJarTest.class"));
    assertNull(OwnJar.read(String.class, "java/lang/String.class"));
  }

  @Test
  void open_givesTheSameOpenJarEachTime_andReadsStillWork() throws Exception {
    File re2j = OwnJar.of(Pattern.class);

    java.util.zip.ZipFile first = OwnJar.open(re2j);
    byte[] before = OwnJar.read(Pattern.class, "com/google/re2j/Pattern.class");

    assertTrue(first == OwnJar.open(re2j), "one open jar per file");
    assertNotNull(first.getEntry("com/google/re2j/Pattern.class"));
    assertArrayEquals(before, OwnJar.read(Pattern.class, "com/google/re2j/Pattern.class"));
  }
}
