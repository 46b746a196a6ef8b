package dev.keyhound.scanner.extract;

import static dev.keyhound.scanner.extract.ExtractionScans.assertSkipped;
import static dev.keyhound.scanner.extract.ExtractionScans.limitSkips;
import static dev.keyhound.scanner.extract.ExtractionScans.newKey;
import static dev.keyhound.scanner.extract.ExtractionScans.scan;
import static dev.keyhound.scanner.extract.ExtractionScans.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentExtractionTest {
  @TempDir Path dir;

  /** Adds a page of these lines, in Helvetica. */
  static void page(PDDocument doc, List<String> lines) throws IOException {
    PDPage page = new PDPage();
    doc.addPage(page);
    try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
      cs.beginText();
      cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
      cs.setLeading(14);
      cs.newLineAtOffset(50, 700);
      for (String line : lines) {
        cs.showText(line);
        cs.newLine();
      }
      cs.endText();
    }
  }

  static byte[] pdf(List<List<String>> pages) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (List<String> lines : pages) {
        page(doc, lines);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  @Test
  void scan_findsKeyInPdf_withPageAndLineInThePage() throws IOException {
    String key = newKey();
    Files.write(
        dir.resolve("runbook.pdf"),
        pdf(
            List.of(
                List.of("Runbook", "Nothing secret here."),
                List.of(
                    "Rotating the payment key",
                    "Current key: " + key,
                    "Ask ops before rotating."))));

    Occurrence o = single(scan(dir), key);

    assertEquals("runbook.pdf", o.provenance().path());
    assertEquals(2, o.page());
    assertEquals(2, o.line());
  }

  @Test
  void scan_findsKeyInDocx() throws IOException {
    String key = newKey();
    try (XWPFDocument doc = new XWPFDocument()) {
      doc.createParagraph().createRun().setText("Service accounts");
      doc.createParagraph().createRun().setText("The billing job uses " + key + " in production.");
      try (var out = Files.newOutputStream(dir.resolve("handover.docx"))) {
        doc.write(out);
      }
    }

    Occurrence o = single(scan(dir), key);

    assertEquals("handover.docx", o.provenance().path());
    assertEquals(2, o.line());
    assertNull(o.page());
  }

  @Test
  void scan_findsKeyInTheAddressOfALink_behindItsWords() throws IOException {
    String key = newKey();
    try (XWPFDocument doc = new XWPFDocument()) {
      doc.createParagraph().createRun().setText("Service accounts");
      doc.createParagraph()
          .createHyperlinkRun("https://dashboard.example.com/login?api_key=" + key)
          .setText("the dashboard");
      try (var out = Files.newOutputStream(dir.resolve("handover.docx"))) {
        doc.write(out);
      }
    }

    Occurrence o = single(scan(dir), key);

    assertEquals("handover.docx", o.provenance().path());
    assertEquals(3, o.line());
  }

  @Test
  void scan_findsKeyInXlsxCell_withoutNeighbouringCellsRunningIntoIt() throws IOException {
    String key = newKey();
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      XSSFSheet sheet = wb.createSheet("service accounts");
      var header = sheet.createRow(0);
      header.createCell(0).setCellValue("name");
      header.createCell(1).setCellValue("key");
      header.createCell(2).setCellValue("owner");
      var row = sheet.createRow(1);
      row.createCell(0).setCellValue("billing");
      row.createCell(1).setCellValue(key);
      row.createCell(2).setCellValue("ops");
      try (var out = Files.newOutputStream(dir.resolve("accounts.xlsx"))) {
        wb.write(out);
      }
    }

    Occurrence o = single(scan(dir), key);

    assertEquals("accounts.xlsx", o.provenance().path());
  }

  @Test
  void scan_findsKeyInPptxSpeakerSlide() throws IOException {
    String key = newKey();
    try (org.apache.poi.xslf.usermodel.XMLSlideShow show =
        new org.apache.poi.xslf.usermodel.XMLSlideShow()) {
      var box = show.createSlide().createTextBox();
      box.setText("Demo credentials: " + key);
      try (var out = Files.newOutputStream(dir.resolve("demo.pptx"))) {
        show.write(out);
      }
    }

    assertEquals("demo.pptx", single(scan(dir), key).provenance().path());
  }

  /**
   * A minimal OpenDocument text: a stored {@code mimetype} first, then the manifest and the
   * content.
   */
  static byte[] odt(String paragraph) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
      byte[] mime = "application/vnd.oasis.opendocument.text".getBytes(StandardCharsets.US_ASCII);
      java.util.zip.ZipEntry m = new java.util.zip.ZipEntry("mimetype");
      m.setMethod(java.util.zip.ZipEntry.STORED);
      m.setSize(mime.length);
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(mime);
      m.setCrc(crc.getValue());
      z.putNextEntry(m);
      z.write(mime);
      z.putNextEntry(new java.util.zip.ZipEntry("META-INF/manifest.xml"));
      z.write(
          ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest="
                  + "\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"><manifest:file-entry manifest:full-path=\"/\" "
                  + "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/><manifest:file-entry "
                  + "manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>")
              .getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new java.util.zip.ZipEntry("content.xml"));
      z.write(
          ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office="
                  + "\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:text="
                  + "\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:text>"
                  + "<text:p>Handover notes</text:p><text:p>"
                  + paragraph
                  + "</text:p></office:text></office:body>"
                  + "</office:document-content>")
              .getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  @Test
  void scan_findsKeyInOpenDocumentText() throws IOException {
    String key = newKey();
    Files.write(dir.resolve("handover.odt"), odt("Key: " + key));

    Occurrence o = single(scan(dir), key);

    assertEquals("handover.odt", o.provenance().path());
    assertEquals(2, o.line());
  }

  @Test
  void scan_cutsADocumentReadByTikaAtTheLimit_findingTheKeyBeforeIt() throws IOException {
    String early = newKey();
    String late = newKey();
    Files.write(
        dir.resolve("handover.odt"),
        odt("Key: " + early + " " + "filler words ".repeat(400) + " old key: " + late));

    ScanResult result = scan(dir, ExtractionLimits.defaults(2000));

    assertEquals(2, single(result, early).line());
    assertTrue(
        result.findings().stream().noneMatch(f -> f.secret().equals(late)),
        "a key past the limit is not read");
    assertEquals(
        List.of("handover.odt: document text longer than 2000 characters; the first 2000 scanned"),
        limitSkips(result));
  }

  @Test
  void scan_findsKeyInLegacyExcelWorkbook() throws IOException {
    String key = newKey();
    try (org.apache.poi.hssf.usermodel.HSSFWorkbook wb =
        new org.apache.poi.hssf.usermodel.HSSFWorkbook()) {
      var row = wb.createSheet("keys").createRow(0);
      row.createCell(0).setCellValue("billing");
      row.createCell(1).setCellValue(key);
      try (var out = Files.newOutputStream(dir.resolve("old-accounts.xls"))) {
        wb.write(out);
      }
    }

    assertEquals("old-accounts.xls", single(scan(dir), key).provenance().path());
  }

  @Test
  void scan_findsKeyInDocxInsideZip_atTheMemberPath() throws IOException {
    String key = newKey();
    ByteArrayOutputStream docx = new ByteArrayOutputStream();
    try (XWPFDocument doc = new XWPFDocument()) {
      doc.createParagraph().createRun().setText("key " + key);
      doc.write(docx);
    }
    Files.write(
        dir.resolve("export.zip"),
        ArchiveExtractionTest.zip("docs/runbook.docx", docx.toByteArray()));

    assertEquals("export.zip!docs/runbook.docx", single(scan(dir), key).provenance().path());
  }

  @Test
  void scan_findsKeyInRtf() throws IOException {
    String key = newKey();
    Files.writeString(
        dir.resolve("memo.rtf"),
        "{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard\n"
            + "Memo\\par\nThe key is "
            + key
            + "\\par\n}");

    assertEquals("memo.rtf", single(scan(dir), key).provenance().path());
  }

  @Test
  void scan_findsKeyInEmailAttachment() throws IOException {
    String key = newKey();
    String attachment =
        java.util.Base64.getMimeEncoder().encodeToString(ArchiveExtractionTest.envFile(key));
    String eml =
        "From: ops@example.com\r\nTo: dev@example.com\r\nSubject: creds\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
            + "See attached.\r\n--b1\r\nContent-Type: text/plain; name=\"prod.env\"\r\n"
            + "Content-Disposition: attachment; filename=\"prod.env\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + attachment
            + "\r\n--b1--\r\n";
    Files.writeString(dir.resolve("handover.eml"), eml);

    assertEquals("handover.eml", single(scan(dir), key).provenance().path());
  }

  @Test
  void scan_reportsPasswordProtectedPdf_asEncrypted_andScansTheRest() throws IOException {
    String key = newKey();
    byte[] locked;
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      locked = out.toByteArray();
    }
    Files.write(dir.resolve("locked.pdf"), locked);
    Files.writeString(dir.resolve("app.env"), "KEY=" + key + "\n");

    ScanResult result = scan(dir);

    assertEquals("app.env", single(result, key).provenance().path());
    assertSkipped(result, "locked.pdf", Skipped.Reason.ENCRYPTED, "");
  }

  @Test
  void scan_reportsDamagedPdf_asCorrupt() throws IOException {
    Files.write(
        dir.resolve("broken.pdf"),
        "%PDF-1.7\n1 0 obj << /Type /Catalog".getBytes(StandardCharsets.US_ASCII));

    ScanResult result = scan(dir);

    assertTrue(
        result.skipped().stream()
            .anyMatch(s -> s.location().equals("broken.pdf") && s.reason().isError()),
        () -> result.skipped().toString());
  }
}
