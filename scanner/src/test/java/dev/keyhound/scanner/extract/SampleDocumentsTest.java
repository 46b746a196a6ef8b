package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample documents that fill the scan's class data archive are read as documents (not as text
 * or archives) and give their text, so the classes they load are the parsers' that a scanned
 * document needs; and a sample that cannot be read is passed over without an exception.
 */
class SampleDocumentsTest {

  @Test
  void everySample_isADocument() throws IOException {
    for (String name : SampleDocuments.NAMES) {
      assertEquals(ContentKind.DOCUMENT, ContentKind.of(SampleDocuments.bytes(name), name), name);
    }
  }

  @Test
  void everySample_givesItsText() {
    for (String name : SampleDocuments.NAMES) {
      assertEquals(1, SampleDocuments.extract(List.of(name)), name);
    }
    assertEquals(SampleDocuments.NAMES.size(), SampleDocuments.extractAll());
  }

  @Test
  void missingSample_isPassedOver() {
    assertEquals(1, SampleDocuments.extract(List.of("missing.pdf", "sample.rtf", "x/../y.docx")));
  }
}
