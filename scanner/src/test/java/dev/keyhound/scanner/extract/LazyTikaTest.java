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

  /**
   * A PDF (read by PDFBox, whose classes then load on the pool thread that the timeout interrupts)
   * and an RTF (Tika, loaded before the timed parse) each parse after a first parse of theirs was
   * abandoned at once.
   */
  @Test
  void documentParse_worksAfterAnAbandonedFirstParse() throws Exception {
    byte[] pdf =
        DocumentExtractionTest.pdf(java.util.List.of(java.util.List.of("hello from the pdf")));
    byte[] rtf =
        "{\\rtf1\\ansi hello from the rtf\\par}"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertTrue(parsedAfterAbandoning(pdf).contains("text hello from the pdf"));
    assertTrue(parsedAfterAbandoning(rtf).contains("text hello from the rtf"));
  }

  private static List<String> parsedAfterAbandoning(byte[] document) throws Exception {
    java.util.List<URL> urls = new java.util.ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      urls.add(java.nio.file.Path.of(entry).toUri().toURL());
    }
    try (Isolated loader = new Isolated(urls.toArray(URL[]::new))) {
      java.util.function.Function<byte[], List<String>> probe =
          probe(loader, TimeoutThenParseProbe.class);
      List<String> seen = probe.apply(document);
      assertTrue(seen.stream().anyMatch(s -> s.startsWith("skipped")), seen::toString);
      return seen;
    }
  }

  /** The probe, loaded and made by the isolated loader. */
  @SuppressWarnings("unchecked")
  private static java.util.function.Function<byte[], List<String>> probe(
      Isolated loader, Class<?> probe) throws ReflectiveOperationException {
    return (java.util.function.Function<byte[], List<String>>)
        loader.loadClass(probe.getName()).getDeclaredConstructor().newInstance();
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
      where(org.apache.pdfbox.pdmodel.PDDocument.class),
      where(org.apache.pdfbox.io.RandomAccessRead.class),
      where(org.apache.fontbox.FontBoxFont.class),
      where(org.apache.commons.logging.LogFactory.class),
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
  void officeOpenXml_isReadWithoutTika() throws Exception {
    assertReadWithoutTika(OfficeXmlTest.wordDocument(), "api_key = BODYKEY123");
  }

  @Test
  void pdf_isReadWithoutTika() throws Exception {
    assertReadWithoutTika(
        DocumentExtractionTest.pdf(List.of(List.of("hello from the pdf"))), "hello from the pdf");
  }

  private static void assertReadWithoutTika(byte[] document, String text) throws Exception {
    try (Isolated loader = new Isolated(scannerAndTika(DocumentScanProbe.class))) {
      java.util.function.Function<byte[], List<String>> probe =
          probe(loader, DocumentScanProbe.class);

      List<String> seen = probe.apply(document);

      assertTrue(seen.stream().anyMatch(s -> s.contains(text)), seen::toString);
      assertFalse(
          loader.loaded("dev.keyhound.scanner.extract.TikaParsing"), "the Tika holder was loaded");
      assertFalse(loader.loaded("org.apache.tika.parser.AutoDetectParser"), "Tika was loaded");
    }
  }
}
