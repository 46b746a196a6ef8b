package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Small documents shipped in the jar (one per reader: PDF, Office Open XML, OpenDocument, OLE2,
 * RTF, e-mail), read through the same extraction as a scanned file so that a run recording a class
 * data archive loads the document readers' classes even when the files it scanned held no document.
 * Without them, a history whose first document comes after the archive was recorded loads PDFBox's,
 * StAX's, Tika's and POI's classes from the jar on every scan.
 */
public final class SampleDocuments {
  /** The samples, resources beside this class; each holds the line {@link #TEXT}. */
  static final List<String> NAMES =
      List.of(
          "sample.pdf",
          "sample.xlsx",
          "sample.docx",
          "sample.pptx",
          "sample.odt",
          "sample.xls",
          "sample.rtf",
          "sample.eml");

  /** The one line of text each sample holds. */
  static final String TEXT = "keyhound class archive training sample";

  private static final long MAX_SIZE = 1024 * 1024;

  private SampleDocuments() {}

  /**
   * Extracts every sample with the default limits, dropping their text; returns how many gave
   * {@link #TEXT}. Never throws: a sample that fails to read is only not counted.
   */
  public static int extractAll() {
    return extract(NAMES);
  }

  static int extract(List<String> names) {
    ContentExtractor extractor = Extractors.create(ExtractionLimits.defaults(MAX_SIZE));
    int read = 0;
    for (String name : names) {
      try {
        boolean[] found = {false};
        extractor.extract(
            Blob.of(bytes(name)), name, s -> found[0] |= s.text().contains(TEXT), skipped -> {});
        read += found[0] ? 1 : 0;
      } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
        // a sample is a warm-up only: the scan has reported already
      }
    }
    return read;
  }

  static byte[] bytes(String name) throws IOException {
    try (InputStream in = SampleDocuments.class.getResourceAsStream("samples/" + name)) {
      if (in == null) {
        throw new IOException("missing resource samples/" + name);
      }
      return in.readAllBytes();
    }
  }
}
