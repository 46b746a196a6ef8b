package dev.keyhound.scanner.extract;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Writes the resources that {@link SampleDocuments} reads (not a test: run it by hand to remake
 * them, {@code java -cp cli/target/keyhound.jar:scanner/target/test-classes
 * dev.keyhound.scanner.extract.SampleDocumentsWriter
 * scanner/src/main/resources/dev/keyhound/scanner/extract/samples TTF}). The PDF embeds a subset of
 * the TrueType font given (Liberation Sans, SIL Open Font Licence): with one of the 14 standard
 * fonts, not embedded, PDFBox would look for a substitute among the system's fonts, scanning them
 * all and writing {@code ~/.pdfbox.cache}, which no scanned document in a test history did.
 */
final class SampleDocumentsWriter {
  private SampleDocumentsWriter() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    String line = SampleDocuments.TEXT;
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(PDType0Font.load(doc, new File(args[1])), 10);
        cs.newLineAtOffset(50, 700);
        cs.showText(line);
        cs.endText();
      }
      // XMP metadata, as a PDF from a design or office program has: Tika reads it with its own
      // classes (jempbox), which a PDF without it would leave out of the archive.
      PDMetadata xmp = new PDMetadata(doc);
      xmp.importXMPMetadata(
          ("<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
                  + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
                  + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                  + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                  + " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">"
                  + "<dc:format>application/pdf</dc:format>"
                  + "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">sample</rdf:li></rdf:Alt></dc:title>"
                  + "<xmp:CreateDate>2026-01-01T00:00:00Z</xmp:CreateDate>"
                  + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>")
              .getBytes(StandardCharsets.UTF_8));
      doc.getDocumentCatalog().setMetadata(xmp);
      doc.getDocumentInformation().setTitle("sample");
      doc.save(dir.resolve("sample.pdf").toFile());
    }
    try (XSSFWorkbook wb = new XSSFWorkbook();
        OutputStream out = Files.newOutputStream(dir.resolve("sample.xlsx"))) {
      var row = wb.createSheet("sample").createRow(0);
      row.createCell(0).setCellValue(line);
      row.createCell(1).setCellValue(42);
      wb.write(out);
    }
    try (XWPFDocument doc = new XWPFDocument();
        OutputStream out = Files.newOutputStream(dir.resolve("sample.docx"))) {
      doc.createParagraph().createRun().setText(line);
      doc.write(out);
    }
    try (XMLSlideShow show = new XMLSlideShow();
        OutputStream out = Files.newOutputStream(dir.resolve("sample.pptx"))) {
      show.createSlide().createTextBox().setText(line);
      show.write(out);
    }
    try (HSSFWorkbook wb = new HSSFWorkbook();
        OutputStream out = Files.newOutputStream(dir.resolve("sample.xls"))) {
      var row = wb.createSheet("sample").createRow(0);
      row.createCell(0).setCellValue(line);
      row.createCell(1).setCellValue(42);
      wb.write(out);
    }
    Files.write(dir.resolve("sample.odt"), DocumentExtractionTest.odt(line));
    Files.writeString(
        dir.resolve("sample.rtf"),
        "{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard\n" + line + "\\par\n}\n");
    Files.writeString(
        dir.resolve("sample.eml"),
        "From: a@example.com\r\nTo: b@example.com\r\nSubject: sample\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
            + line
            + "\r\n",
        StandardCharsets.US_ASCII);
  }
}
