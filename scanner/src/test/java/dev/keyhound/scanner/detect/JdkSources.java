package dev.keyhound.scanner.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * TEST-ONLY: real source text from the running JDK's {@code lib/src.zip}, a deterministic bounded
 * sample.
 */
final class JdkSources {
  private JdkSources() {}

  static Path srcZip() {
    return Path.of(System.getProperty("java.home"), "lib", "src.zip");
  }

  static boolean available() {
    return Files.isReadable(srcZip());
  }

  /**
   * Every {@code stride}-th .java file of the JDK sources, until {@code maxBytes} chars are taken.
   */
  static List<String> sample(int stride, long maxChars) {
    List<String> out = new ArrayList<>();
    long taken = 0;
    try (ZipFile zip = new ZipFile(srcZip().toFile())) {
      int i = 0;
      for (Enumeration<? extends ZipEntry> e = zip.entries();
          e.hasMoreElements() && taken < maxChars; ) {
        ZipEntry entry = e.nextElement();
        if (entry.isDirectory() || !entry.getName().endsWith(".java") || i++ % stride != 0) {
          continue;
        }
        String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
        out.add(text);
        taken += text.length();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
