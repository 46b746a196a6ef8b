package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Skipped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTable;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFRichTextString;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Office Open XML read without Tika: the text holds every word Tika's does, in lines a reader
 * recognises, and bad packages go back to Tika having emitted nothing.
 */
class OfficeXmlTest {
  @TempDir Path dir;

  /** What one extraction gave. */
  private record Result(boolean handled, List<Segment> segments, List<Skipped> skipped) {
    String text() {
      StringBuilder sb = new StringBuilder();
      for (Segment s : segments) {
        if (s.member() == null) {
          sb.append(s.text());
        }
      }
      return sb.toString();
    }
  }

  private static Result read(byte[] bytes, ExtractionLimits limits) throws Budget.LimitReached {
    List<Segment> segments = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    Extraction x = new Extraction(limits, "doc", bytes.length, segments::add, skipped::add);
    boolean handled = OfficeXml.extract(bytes, null, 0, x);
    return new Result(handled, segments, skipped);
  }

  private static Result read(byte[] bytes) throws Budget.LimitReached {
    return read(bytes, ExtractionLimits.defaults(10 * 1024 * 1024));
  }

  /** Tika's text of the same bytes, as the Tika path reads it. */
  private static String tika(byte[] bytes, String name) {
    DocumentText t = TikaParsing.parse(bytes, name, 10_000_000);
    assertTrue(t instanceof DocumentText.Text, () -> "Tika failed: " + t);
    return String.join("\n", ((DocumentText.Text) t).pages());
  }

  /** Every word of Tika's text that holds a letter or a digit is in ours. */
  private static void assertHoldsTikasWords(byte[] bytes, String name) throws IOException {
    String ours = read(bytes).text();
    List<String> missing = new ArrayList<>();
    for (String word : tika(bytes, name).split("\\s+")) {
      if (word.chars().anyMatch(Character::isLetterOrDigit) && !ours.contains(word)) {
        missing.add(word);
      }
    }
    assertEquals(
        List.of(), missing, () -> name + ": words Tika reads and we do not; ours:\n" + ours);
  }

  private static byte[] write(org.apache.poi.ooxml.POIXMLDocument doc) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.write(out);
    return out.toByteArray();
  }

  static byte[] workbook() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook()) {
      XSSFSheet sheet = wb.createSheet("service accounts");
      XSSFRow header = sheet.createRow(0);
      header.createCell(0).setCellValue("name");
      header.createCell(1).setCellValue("key");
      header.createCell(3).setCellValue(123456789012.0);
      XSSFRow row = sheet.createRow(2);
      row.createCell(0).setCellValue("billing");
      XSSFRichTextString rich = new XSSFRichTextString("sk_live_RICHTEXTKEY42");
      XSSFFont bold = wb.createFont();
      bold.setBold(true);
      rich.applyFont(3, 9, bold);
      row.createCell(1).setCellValue(rich);
      row.createCell(2).setCellFormula("CONCATENATE(\"tok_\",\"FORMULAKEY\")");
      XSSFDrawing drawing = sheet.createDrawingPatriarch();
      ClientAnchor anchor = wb.getCreationHelper().createClientAnchor();
      anchor.setCol1(1);
      anchor.setRow1(1);
      anchor.setCol2(3);
      anchor.setRow2(4);
      var comment = drawing.createCellComment(anchor);
      comment.setString(new XSSFRichTextString("rotate COMMENTKEY77 soon"));
      row.getCell(0).setCellComment(comment);
      sheet.getHeader().setCenter("HEADERKEY99 & co");
      sheet.getFooter().setLeft("FOOTERKEY11");
      drawing
          .createTextbox(wb.getCreationHelper().createClientAnchor())
          .setText(new XSSFRichTextString("text box TEXTBOXKEY42"));
      XSSFSheet second = wb.createSheet("Second");
      second.createRow(5).createCell(4).setCellValue("second sheet SECONDKEY");
      second.getRow(5).createCell(5).setCellValue(true);
      wb.createSheet("Hidden").createRow(0).createCell(0).setCellValue("hidden HIDDENKEY55");
      wb.setSheetHidden(2, true);
      return write(wb);
    }
  }

  static byte[] wordDocument() throws IOException {
    try (XWPFDocument doc = new XWPFDocument()) {
      XWPFParagraph p = doc.createParagraph();
      XWPFRun run = p.createRun();
      run.setText("first");
      run.addTab();
      run.setText("after");
      XWPFRun split = p.createRun();
      split.setText("tab");
      split.addBreak();
      split.setText("after the break");
      doc.createParagraph().createRun().setText("api_key = BODYKEY123");
      XWPFTable table = doc.createTable(2, 2);
      table.getRow(0).getCell(0).setText("cellA");
      table.getRow(0).getCell(1).setText("CELLKEY456");
      table.getRow(1).getCell(1).setText("cellD");
      doc.createHeader(HeaderFooterType.DEFAULT)
          .createParagraph()
          .createRun()
          .setText("DOCHEADERKEY");
      doc.createFooter(HeaderFooterType.DEFAULT)
          .createParagraph()
          .createRun()
          .setText("DOCFOOTERKEY");
      doc.createParagraph()
          .createHyperlinkRun("https://example.com/?token=HYPERKEY")
          .setText("the link");
      return write(doc);
    }
  }

  static byte[] slides() throws IOException {
    try (XMLSlideShow show = new XMLSlideShow()) {
      XSLFSlide slide = show.createSlide();
      var box = slide.createTextBox();
      box.setText("Demo credentials: SLIDEKEY1");
      var para = box.addNewTextParagraph();
      para.addNewTextRun().setText("before");
      para.addLineBreak();
      para.addNewTextRun().setText("after");
      XSLFTable table = slide.createTable(1, 2);
      table.getCell(0, 0).setText("TABLEKEY00");
      table.getCell(0, 1).setText("TABLEKEY01");
      for (XSLFTextShape shape : show.getNotesSlide(slide).getPlaceholders()) {
        shape.setText("NOTESKEY88");
      }
      show.createSlide().createTextBox().setText("slide two SLIDEKEY2");
      return write(show);
    }
  }

  @Test
  void workbook_holdsEveryWordTikaReads_aRowToALine_andWhatTikaLeavesOut() throws IOException {
    byte[] xlsx = workbook();

    assertHoldsTikasWords(xlsx, "accounts.xlsx");
    String text = read(xlsx).text();
    assertTrue(text.contains("\nname\tkey\t123456789012\n"), text);
    assertTrue(
        text.contains("\nbilling\tsk_live_RICHTEXTKEY42\tCONCATENATE(\"tok_\",\"FORMULAKEY\")\n"),
        text);
    assertTrue(text.contains("\nHEADERKEY99 & co\n"), text);
    assertTrue(text.contains("second sheet SECONDKEY\tTRUE\n"), text);
    assertTrue(text.startsWith("service accounts\n"), text);
  }

  @Test
  void wordDocument_holdsEveryWordTikaReads_aParagraphToALine() throws IOException {
    byte[] docx = wordDocument();

    assertHoldsTikasWords(docx, "handover.docx");
    String text = read(docx).text();
    assertTrue(text.contains("first\taftertab\nafter the break\napi_key = BODYKEY123\n"), text);
    assertTrue(text.contains("\ncellA\nCELLKEY456\n"), text);
    assertTrue(text.startsWith("DOCHEADERKEY\n"), text);
    assertTrue(text.contains("DOCFOOTERKEY\n"), text);
    assertTrue(
        text.endsWith("\nhttps://example.com/?token=HYPERKEY\n"),
        () -> "a link's address, which Tika's text does not hold: " + text);
  }

  @Test
  void slides_holdEveryWordTikaReads_notesIncluded() throws IOException {
    byte[] pptx = slides();

    assertHoldsTikasWords(pptx, "demo.pptx");
    String text = read(pptx).text();
    assertTrue(text.startsWith("Demo credentials: SLIDEKEY1\nbefore\nafter\nTABLEKEY00\n"), text);
    assertTrue(text.contains("NOTESKEY88"), text);
    assertFalse(text.contains("Click to edit"), "a master's placeholder prompts are not text");
  }

  @Test
  void theShippedSamples_holdEveryWordTikaReads() throws IOException {
    for (String name : List.of("sample.xlsx", "sample.docx", "sample.pptx")) {
      byte[] bytes = SampleDocuments.bytes(name);
      assertHoldsTikasWords(bytes, name);
      assertTrue(read(bytes).text().contains(SampleDocuments.TEXT), name);
    }
  }

  /** A package made by hand, for what POI does not write. */
  static byte[] pkg(Map<String, String> parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : parts.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static final String CT = "http://schemas.openxmlformats.org/package/2006/content-types";
  private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  private static final String WORD_MAIN =
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

  static Map<String, String> word(String body) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put(
        "[Content_Types].xml",
        "<Types xmlns=\""
            + CT
            + "\"><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/word/document.xml\" ContentType=\""
            + WORD_MAIN
            + "\"/></Types>");
    parts.put(
        "word/document.xml",
        "<w:document xmlns:w=\"" + W + "\"><w:body>" + body + "</w:body></w:document>");
    return parts;
  }

  @Test
  void sharedStrings_leaveOutThePhoneticGuide_andInlineStringsAreRead() throws IOException {
    String ss = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    String rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    String sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put(
        "[Content_Types].xml",
        "<Types xmlns=\""
            + CT
            + "\"><Override PartName=\"/xl/workbook.xml\" ContentType=\""
            + sheetType
            + "sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\""
            + sheetType
            + "worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\""
            + sheetType
            + "sharedStrings+xml\"/></Types>");
    parts.put(
        "xl/workbook.xml",
        "<workbook xmlns=\""
            + ss
            + "\" xmlns:r=\""
            + rel
            + "\"><sheets>"
            + "<sheet name=\"Keys\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    parts.put(
        "xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet1.xml\"/>"
            + "</Relationships>");
    parts.put(
        "xl/sharedStrings.xml",
        "<sst xmlns=\""
            + ss
            + "\"><si><r><t>sk_live_</t></r><r><t>SPLITKEY</t></r>"
            + "<rPh sb=\"0\" eb=\"1\"><t>RUBY</t></rPh></si></sst>");
    parts.put(
        "xl/worksheets/sheet1.xml",
        "<worksheet xmlns=\""
            + ss
            + "\"><sheetData><row r=\"1\">"
            + "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>INLINEKEY</t></is></c>"
            + "<c r=\"C1\" t=\"b\"><v>0</v></c></row></sheetData></worksheet>");

    assertEquals("Keys\nsk_live_SPLITKEY\tINLINEKEY\tFALSE\n", read(pkg(parts)).text());
  }

  /** The package with one more part, of the content type given. */
  static byte[] withPart(byte[] pkg, String name, String contentType, String xml)
      throws IOException {
    Map<String, byte[]> parts = new LinkedHashMap<>();
    try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(pkg))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        parts.put(e.getName(), zip.readAllBytes());
      }
    }
    String types = new String(parts.get("[Content_Types].xml"), StandardCharsets.UTF_8);
    parts.put(
        "[Content_Types].xml",
        types
            .replace(
                "</Types>",
                "<Override PartName=\"/"
                    + name
                    + "\" ContentType=\""
                    + contentType
                    + "\"/></Types>")
            .getBytes(StandardCharsets.UTF_8));
    parts.put(name, xml.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : parts.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
      }
    }
    return out.toByteArray();
  }

  @Test
  void dataConnections_areRead_withTheirConnectionStrings() throws IOException {
    byte[] xlsx =
        withPart(
            workbook(),
            "xl/connections.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml",
            "<connections xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                + "<connection id=\"1\" name=\"sales\" type=\"1\"><dbPr connection=\""
                + "Provider=SQLOLEDB;Data Source=db1;User ID=report;Password=CONNKEY-9d2f\" "
                + "command=\"SELECT * FROM sales\"/></connection></connections>");

    String text = read(xlsx).text();

    assertTrue(
        text.contains(
            "\nProvider=SQLOLEDB;Data Source=db1;User ID=report;Password=CONNKEY-9d2f\n"
                + "SELECT * FROM sales\n"),
        text);
  }

  @Test
  void charts_giveTheirTitlesAndCachedValues_aPointToALine() throws IOException {
    String c = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    String a = "http://schemas.openxmlformats.org/drawingml/2006/main";
    byte[] xlsx =
        withPart(
            workbook(),
            "xl/charts/chart1.xml",
            "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
            "<c:chartSpace xmlns:c=\""
                + c
                + "\" xmlns:a=\""
                + a
                + "\"><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>Key usage CHARTKEY</a:t>"
                + "</a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:tx>"
                + "<c:strRef><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>SERIESKEY</c:v>"
                + "</c:pt></c:strCache></c:strRef></c:tx><c:val><c:numRef><c:numCache><c:pt idx=\"0\">"
                + "<c:v>42</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart>"
                + "</c:plotArea></c:chart></c:chartSpace>");

    String text = read(xlsx).text();

    assertTrue(text.contains("\nKey usage CHARTKEY\nSERIESKEY\n42\n"), text);
  }

  @Test
  void markupCompatibilityFallback_isNotReadTwice() throws IOException {
    String mc = "http://schemas.openxmlformats.org/markup-compatibility/2006";
    Map<String, String> parts =
        word(
            "<w:p><mc:AlternateContent xmlns:mc=\""
                + mc
                + "\"><mc:Choice Requires=\"wps\"><w:r><w:t>BOXKEY</w:t></w:r></mc:Choice>"
                + "<mc:Fallback><w:r><w:t>BOXKEY</w:t></w:r></mc:Fallback></mc:AlternateContent>"
                + "</w:p><w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
                + "<w:r><w:t>no tab stop here</w:t></w:r></w:p>");

    assertEquals("BOXKEY\nno tab stop here\n", read(pkg(parts)).text());
  }

  @Test
  void fieldCodes_andDeletedText_areRead() throws IOException {
    Map<String, String> parts =
        word(
            "<w:p><w:r><w:instrText> HYPERLINK \"https://x.test/?key=FIELDKEY\" </w:instrText>"
                + "</w:r><w:r><w:delText>DELETEDKEY</w:delText></w:r></w:p>");

    String text = read(pkg(parts)).text();

    assertTrue(text.contains("FIELDKEY") && text.contains("DELETEDKEY"), text);
  }

  @Test
  void externalEntity_isNotResolved() throws IOException {
    Path secret = dir.resolve("local.txt");
    Files.writeString(secret, "LOCALFILEMARKER");
    Map<String, String> parts = word("");
    parts.put(
        "word/document.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]><w:document xmlns:w=\""
            + W
            + "\"><w:body><w:p><w:r><w:t>a&x;b</w:t></w:r></w:p></w:body></w:document>");

    Result r = read(pkg(parts));

    assertFalse(r.text().contains("LOCALFILEMARKER"), r.text());
  }

  @Test
  void entityExpansion_isNotDone() throws IOException {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE d [<!ENTITY l0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      dtd.append("<!ENTITY l")
          .append(i)
          .append(" \"")
          .append(("&l" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    dtd.append("]>");
    Map<String, String> parts = word("");
    parts.put(
        "word/document.xml",
        "<?xml version=\"1.0\"?>"
            + dtd
            + "<w:document xmlns:w=\""
            + W
            + "\"><w:body><w:p><w:r><w:t>a&l9;b</w:t></w:r></w:p></w:body></w:document>");

    Result r = read(pkg(parts));

    assertFalse(r.text().contains("lollol"), () -> r.text().length() + " chars");
  }

  @Test
  void damagedXml_goesBackToTika_havingEmittedNothing() throws IOException {
    Map<String, String> parts = word("<w:p><w:r><w:t>BROKENKEY</w:t></w:r></w:p>");
    parts.put("word/document.xml", "<w:document xmlns:w=\"" + W + "\"><w:body><w:p>");

    Result r = read(pkg(parts));

    assertFalse(r.handled());
    assertEquals(List.of(), r.segments());
  }

  @Test
  void otherPackages_goToTika() throws IOException {
    Map<String, String> parts = word("");
    parts.put(
        "[Content_Types].xml",
        "<Types xmlns=\""
            + CT
            + "\"><Override PartName=\"/xl/workbook.bin\" ContentType=\""
            + "application/vnd.ms-excel.sheet.binary.macroEnabled.main\"/></Types>");

    assertFalse(read(pkg(parts)).handled(), "a binary workbook is Tika's");
    assertFalse(read(ArchiveExtractionTest.zip("a.txt", new byte[] {1})).handled(), "no types");
  }

  @Test
  void embeddedWorkbook_isReadAtItsPathInTheDocument() throws IOException {
    Map<String, String> parts = word("<w:p><w:r><w:t>see the attached sheet</w:t></w:r></w:p>");
    byte[] xlsx = workbook();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> e : parts.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
      }
      zip.putNextEntry(new ZipEntry("word/embeddings/Microsoft_Excel_Worksheet.xlsx"));
      zip.write(xlsx);
    }

    Result r = read(out.toByteArray());

    Segment embedded =
        r.segments().stream()
            .filter(s -> "word/embeddings/Microsoft_Excel_Worksheet.xlsx".equals(s.member()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(r.segments().toString()));
    assertTrue(embedded.text().contains("sk_live_RICHTEXTKEY42"), embedded.text());
  }

  @Test
  void textPastTheLimit_isReportedAndItsStartScanned() throws IOException {
    Map<String, String> parts =
        word(
            "<w:p><w:r><w:t>FIRSTKEY</w:t></w:r></w:p><w:p><w:r><w:t>"
                + "x".repeat(5000)
                + "</w:t></w:r></w:p>");

    Result r = read(pkg(parts), ExtractionLimits.defaults(1000));

    assertTrue(r.handled());
    assertEquals(1000, r.text().length());
    assertTrue(r.text().startsWith("FIRSTKEY\nxxx"), r.text());
    assertEquals(1, r.skipped().size(), r.skipped()::toString);
    assertEquals(Skipped.Reason.LIMIT, r.skipped().get(0).reason());
    assertTrue(
        r.skipped().get(0).describe().contains("longer than 1000 characters"),
        r.skipped().get(0).describe());
  }

  @Test
  void aDecompressionBomb_stopsAtTheLimit_keepingTheTextReadUpToIt() throws IOException {
    Map<String, String> parts = word("<w:p><w:r><w:t>FIRSTKEY</w:t></w:r></w:p>");
    parts.put(
        "word/header1.xml",
        "<w:hdr xmlns:w=\"" + W + "\"><w:p><w:r><w:t>HEADERKEY</w:t></w:r></w:p></w:hdr>");
    parts.put(
        "word/footer1.xml",
        "<w:ftr xmlns:w=\""
            + W
            + "\"><w:p><w:r><w:t>"
            + "A".repeat(4 * 1024 * 1024)
            + "</w:t></w:r></w:p></w:ftr>");
    parts.put(
        "[Content_Types].xml",
        parts
            .get("[Content_Types].xml")
            .replace(
                "</Types>",
                "<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
                    + "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/></Types>"));
    byte[] bomb = pkg(parts);
    List<Segment> segments = new ArrayList<>();
    Extraction x =
        new Extraction(
            ExtractionLimits.defaults(10 * 1024 * 1024),
            "doc",
            bomb.length,
            segments::add,
            s -> {});

    Budget.LimitReached stop =
        org.junit.jupiter.api.Assertions.assertThrows(
            Budget.LimitReached.class, () -> OfficeXml.extract(bomb, null, 0, x));

    assertTrue(stop.getMessage().contains("--max-expansion-ratio"), stop.getMessage());
    assertEquals(1, segments.size(), segments::toString);
    String text = segments.get(0).text();
    assertTrue(text.startsWith("HEADERKEY\nFIRSTKEY\nAAAA"), text.substring(0, 40));
    assertTrue(text.length() < 1_100_000, "read on past the limit: " + text.length());
  }
}
