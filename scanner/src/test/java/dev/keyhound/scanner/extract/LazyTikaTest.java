package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LazyTikaTest {

  /** Loads keyhound, its libraries and Tika afresh, so classes other tests loaded do not count. */
  private static final class Isolated extends URLClassLoader {
    Isolated(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void documentParse_worksAfterAnAbandonedFirstParse() throws Exception {
    byte[] pdf =
        DocumentExtractionTest.pdf(java.util.List.of(java.util.List.of("hello from the pdf")));
    java.util.List<URL> urls = new java.util.ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      urls.add(java.nio.file.Path.of(entry).toUri().toURL());
    }
    try (Isolated loader = new Isolated(urls.toArray(URL[]::new))) {
      java.util.function.Function<byte[], List<String>> probe =
          (java.util.function.Function<byte[], List<String>>)
              loader
                  .loadClass(TimeoutThenParseProbe.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();

      List<String> seen = probe.apply(pdf);

      assertTrue(seen.contains("text hello from the pdf"), seen::toString);
    }
  }

  private static URL where(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  /**
   * The probe's classes, the scanner and the libraries it needs, and Tika's, to see if it loads.
   */
  private static URL[] scannerAndTika(Class<?> probe) {
    return new URL[] {
      where(probe),
      where(Extractors.class),
      where(dev.keyhound.rules.RuleSet.class),
      where(com.google.re2j.Pattern.class),
      where(com.fasterxml.jackson.core.JsonFactory.class),
      where(org.apache.commons.compress.archivers.zip.ZipFile.class),
      where(org.apache.commons.io.input.BoundedInputStream.class),
      where(org.apache.tika.parser.AutoDetectParser.class),
      where(org.apache.tika.Tika.class)
    };
  }

  @Test
  @SuppressWarnings("unchecked")
  void plainTextExtraction_neverLoadsTika() throws Exception {
    try (Isolated loader = new Isolated(scannerAndTika(PlainScanProbe.class))) {
      Supplier<List<String>> probe =
          (Supplier<List<String>>)
              loader
                  .loadClass(PlainScanProbe.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();

      List<String> seen = probe.get();

      assertTrue(seen.contains("Main.java:" + seen.get(0).split(":")[1]), seen::toString);
      assertTrue(loader.loaded(Extractors.class.getName()), "the probe ran the extractor");
      assertFalse(
          loader.loaded("dev.keyhound.scanner.extract.TikaParsing"), "the Tika holder was loaded");
      assertFalse(loader.loaded("org.apache.tika.parser.AutoDetectParser"), "Tika was loaded");
      assertFalse(loader.loaded("org.apache.tika.config.TikaConfig"), "Tika was loaded");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void officeOpenXml_isReadWithoutTika() throws Exception {
    byte[] docx = OfficeXmlTest.wordDocument();
    try (Isolated loader = new Isolated(scannerAndTika(OfficeScanProbe.class))) {
      java.util.function.Function<byte[], List<String>> probe =
          (java.util.function.Function<byte[], List<String>>)
              loader
                  .loadClass(OfficeScanProbe.class.getName())
                  .getDeclaredConstructor()
                  .newInstance();

      List<String> seen = probe.apply(docx);

      assertTrue(seen.stream().anyMatch(s -> s.contains("api_key = BODYKEY123")), seen::toString);
      assertFalse(
          loader.loaded("dev.keyhound.scanner.extract.TikaParsing"), "the Tika holder was loaded");
      assertFalse(loader.loaded("org.apache.tika.parser.AutoDetectParser"), "Tika was loaded");
    }
  }
}
