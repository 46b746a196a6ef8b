package dev.keyhound.rules;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Resources read straight from the jar that a class was loaded from. A class loader's resource
 * lookup first searches every JDK module (the first time in a JVM it opens the run-time image, ~4
 * ms) and then goes through {@code jar:} URLs; a git hook reads one or two resources and waits for
 * each. Callers fall back to the class loader when this finds nothing (a classes folder).
 */
public final class OwnJar {
  private OwnJar() {}

  /**
   * The jar file {@code type} was loaded from, or null (a classes folder, the JDK's image, no code
   * source).
   */
  public static File of(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL where = source == null ? null : source.getLocation();
    if (where == null || !"file".equals(where.getProtocol())) {
      return null;
    }
    try {
      File file = new File(where.toURI());
      return file.isFile() ? file : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The bytes of entry {@code name} (a path inside the jar, without a leading slash) in the jar
   * {@code type} was loaded from, or null when {@code type} is not in a jar or its jar has no such
   * entry.
   */
  public static byte[] read(Class<?> type, String name) throws IOException {
    File jar = of(type);
    if (jar == null) {
      return null;
    }
    ZipFile zip = open(jar);
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      return null;
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  /** The jars read so far, open for as long as the JVM runs: see {@link #open}. */
  private static final Map<File, ZipFile> OPEN = new HashMap<>();

  /**
   * The jar, opened the first time it is asked for and kept open, as the class loader keeps the
   * jars on its class path: not to be closed. Opening a jar reads its whole directory:
   * keyhound.jar's ~35,000 entries took 5-15 ms each time, and a scan opened it six times (the
   * rules, the detector's plans and tables, the public examples). The JDK shares one open jar's
   * directory with every other opening of the same file, the class loader's included.
   */
  public static synchronized ZipFile open(File jar) throws IOException {
    ZipFile zip = OPEN.get(jar);
    if (zip == null) {
      zip = new ZipFile(jar);
      OPEN.put(jar, zip);
    }
    return zip;
  }
}
