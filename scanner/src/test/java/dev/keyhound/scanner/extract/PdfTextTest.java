package dev.keyhound.scanner.extract;

import static dev.keyhound.scanner.extract.ExtractionScans.assertSkipped;
import static dev.keyhound.scanner.extract.ExtractionScans.limitSkips;
import static dev.keyhound.scanner.extract.ExtractionScans.newKey;
import static dev.keyhound.scanner.extract.ExtractionScans.scan;
import static dev.keyhound.scanner.extract.ExtractionScans.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PDFs read with PDFBox, without Tika: every word Tika's text holds, page by page, plus where links
 * point, and attached files read at their own path.
 */
class PdfTextTest {
  @TempDir Path dir;

  private static final long LARGE = 64L * 1024 * 1024;

  private static void page(PDDocument doc, String... lines) throws IOException {
    DocumentExtractionTest.page(doc, List.of(lines));
  }

  private static byte[] save(PDDocument doc) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    doc.save(out);
    return out.toByteArray();
  }

  /**
   * Two pages of text; on the second a sticky note and a link; bookmarks; a filled form field; and
   * an attached {@code app.env} holding {@code attached}.
   */
  static byte[] richPdf(String attached) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      page(doc, "Runbook", "Nothing secret here.");
      page(doc, "Rotating the payment key", "Ask ops before rotating.");
      PDPage second = doc.getPage(1);
      PDAnnotationText note = new PDAnnotationText();
      note.setContents("sticky note NOTEKEY42");
      note.setRectangle(new PDRectangle(10, 10, 20, 20));
      second.getAnnotations().add(note);
      PDAnnotationLink link = new PDAnnotationLink();
      PDActionURI uri = new PDActionURI();
      uri.setURI("https://hooks.example.com/services/LINKKEY77");
      link.setAction(uri);
      link.setRectangle(new PDRectangle(50, 600, 100, 20));
      second.getAnnotations().add(link);

      PDDocumentOutline outline = new PDDocumentOutline();
      PDOutlineItem chapter = new PDOutlineItem();
      chapter.setTitle("Chapter BOOKMARKKEY");
      outline.addLast(chapter);
      PDOutlineItem section = new PDOutlineItem();
      section.setTitle("Section NESTEDKEY");
      chapter.addLast(section);
      doc.getDocumentCatalog().setDocumentOutline(outline);

      PDAcroForm form = new PDAcroForm(doc);
      doc.getDocumentCatalog().setAcroForm(form);
      PDResources resources = new PDResources();
      resources.put(COSName.HELV, new PDType1Font(Standard14Fonts.FontName.HELVETICA));
      form.setDefaultResources(resources);
      form.setDefaultAppearance("/Helv 0 Tf 0 g");
      PDTextField field = new PDTextField(form);
      field.setPartialName("token");
      field.setDefaultAppearance("/Helv 12 Tf 0 0 1 rg");
      form.getFields().add(field);
      PDAnnotationWidget widget = field.getWidgets().get(0);
      widget.setRectangle(new PDRectangle(50, 500, 200, 20));
      widget.setPage(second);
      second.getAnnotations().add(widget);
      field.setValue("FIELDKEY99");

      if (attached != null) {
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile("app.env");
        spec.setFileUnicode("app.env");
        PDEmbeddedFile file =
            new PDEmbeddedFile(
                doc, new ByteArrayInputStream(attached.getBytes(StandardCharsets.UTF_8)));
        file.setSize(attached.length());
        spec.setEmbeddedFile(file);
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(Map.of("app.env", spec));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
        names.setEmbeddedFiles(tree);
        doc.getDocumentCatalog().setNames(names);
      }
      return save(doc);
    }
  }

  /** One page of {@code line}, with {@code data} attached as {@code name}. */
  static byte[] attaching(String line, String name, byte[] data) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      page(doc, line);
      PDComplexFileSpecification spec = new PDComplexFileSpecification();
      spec.setFile(name);
      PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(data));
      file.setSize(data.length);
      spec.setEmbeddedFile(file);
      PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
      tree.setNames(Map.of(name, spec));
      PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
      names.setEmbeddedFiles(tree);
      doc.getDocumentCatalog().setNames(names);
      return save(doc);
    }
  }

  private static DocumentText.Text text(byte[] pdf) {
    DocumentText t = PdfText.parse(pdf, 10_000_000, LARGE, LARGE);
    return assertInstanceOf(DocumentText.Text.class, t);
  }

  @Test
  void holdsEveryWordTikaReads_pageByPage() throws IOException {
    byte[] pdf = richPdf(null);
    DocumentText.Text ours = text(pdf);
    DocumentText.Text tika =
        assertInstanceOf(DocumentText.Text.class, TikaParsing.parse(pdf, "doc.pdf", 10_000_000));

    assertEquals(tika.pages().size(), ours.pages().size());
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < tika.pages().size(); i++) {
      for (String word : tika.pages().get(i).split("\\s+")) {
        if (!word.isEmpty() && !ours.pages().get(i).contains(word)) {
          missing.add("page " + (i + 1) + ": " + word);
        }
      }
    }
    assertEquals(List.of(), missing, () -> "ours: " + ours.pages());
  }

  @Test
  void aPagesNotesAndLinks_areOnThatPage_theBookmarksAndFieldsAfterTheText() throws IOException {
    List<String> pages = text(richPdf(null)).pages();

    assertEquals(2, pages.size());
    assertEquals("Runbook\nNothing secret here.\n", pages.get(0));
    String second = pages.get(1);
    assertTrue(second.startsWith("Rotating the payment key\nAsk ops before rotating.\n"), second);
    assertTrue(second.contains("\nsticky note NOTEKEY42\n"), second);
    assertTrue(second.contains("\nhttps://hooks.example.com/services/LINKKEY77\n"), second);
    assertTrue(second.contains("\nChapter BOOKMARKKEY\nSection NESTEDKEY\n"), second);
    assertTrue(second.endsWith("\ntoken: FIELDKEY99\n"), second);
  }

  @Test
  void aPageWithoutContent_keepsTheNextPagesNumbers() throws IOException {
    byte[] pdf;
    try (PDDocument doc = new PDDocument()) {
      page(doc, "first page");
      doc.addPage(new PDPage());
      page(doc, "third page");
      pdf = save(doc);
    }

    assertEquals(List.of("first page\n", "", "third page\n"), text(pdf).pages());
  }

  @Test
  void anAttachedFile_isScannedAtItsPathInThePdf() throws IOException {
    String key = newKey();
    Files.write(dir.resolve("handover.pdf"), richPdf("PAYMENTS_KEY=" + key + "\n"));

    Occurrence o = single(scan(dir), key);

    assertEquals("handover.pdf!app.env", o.provenance().path());
    assertEquals(1, o.line());
  }

  @Test
  void anAttachedFileOverTheMemberLimit_isReportedAtItsPath() throws IOException {
    Files.write(dir.resolve("handover.pdf"), richPdf("X".repeat(5000)));

    ScanResult result = scan(dir, ExtractionLimits.defaults(4096));

    assertSkipped(result, "handover.pdf!app.env", Skipped.Reason.TOO_LARGE, "");
  }

  /** The archive depth limit counts attached files too: 4.pdf (depth 3) is read, its file not. */
  @Test
  void aChainOfAttachedPdfs_endsAtTheArchiveDepthLimit() throws IOException {
    String fourth = newKey();
    byte[] pdf =
        attaching("level 4 " + fourth, "app.env", "KEY=x\n".getBytes(StandardCharsets.UTF_8));
    pdf = attaching("level 3", "4.pdf", pdf);
    pdf = attaching("level 2", "3.pdf", pdf);
    pdf = attaching("level 1", "2.pdf", pdf);
    Files.write(dir.resolve("1.pdf"), pdf);

    ScanResult result = scan(dir);

    assertEquals("1.pdf!2.pdf!3.pdf!4.pdf", single(result, fourth).provenance().path());
    assertSkipped(
        result, "1.pdf!2.pdf!3.pdf!4.pdf!app.env", Skipped.Reason.LIMIT, "--max-archive-depth 3");
  }

  @Test
  void textPastTheLimit_isCutThere_keepingItsStartAndTheAttachedFiles() throws IOException {
    DocumentText.Text whole = text(richPdf("KEY=x\n"));
    DocumentText t = PdfText.parse(richPdf("KEY=x\n"), 40, LARGE, LARGE);

    DocumentText.Text cut = assertInstanceOf(DocumentText.Text.class, t);
    assertEquals(40, cut.cutAt());
    assertEquals(-1, whole.cutAt());
    String start = String.join("", cut.pages());
    assertEquals(40, start.length());
    assertEquals(String.join("", whole.pages()).substring(0, 40), start);
    assertEquals(List.of("app.env"), cut.attachments().stream().map(a -> a.name()).toList());
  }

  @Test
  void aKeyBeforeTheLimit_isFound_andTheRestReported() throws IOException {
    String early = newKey();
    String late = newKey();
    List<String> filler = java.util.Collections.nCopies(40, "text to extract from every page");
    List<List<String>> pages = new ArrayList<>();
    pages.add(List.of("Runbook", "Current key: " + early));
    for (int i = 0; i < 8; i++) {
      pages.add(filler);
    }
    pages.add(List.of("Old key: " + late));
    Files.write(dir.resolve("runbook.pdf"), DocumentExtractionTest.pdf(pages));

    ScanResult result = scan(dir, ExtractionLimits.defaults(4000));

    Occurrence o = single(result, early);
    assertEquals(1, o.page());
    assertEquals(2, o.line());
    assertTrue(
        result.findings().stream().noneMatch(f -> f.secret().equals(late)),
        "a key past the limit is not read");
    assertEquals(
        List.of("runbook.pdf: document text longer than 4000 characters; the first 4000 scanned"),
        limitSkips(result));
  }

  @Test
  void anXfaForm_goesToTika_whichReadsItsFields() throws IOException {
    String key = newKey();
    String xfa =
        "<xdp:xdp xmlns:xdp=\"http://ns.adobe.com/xdp/\"><template"
            + " xmlns=\"http://www.xfa.org/schema/xfa-template/3.3/\"><subform name=\"form1\">"
            + "<field name=\"apiKey\"><caption><value><text>API key</text></value></caption>"
            + "</field></subform></template><xfa:datasets"
            + " xmlns:xfa=\"http://www.xfa.org/schema/xfa-data/1.0/\"><xfa:data><form1><apiKey>"
            + key
            + "</apiKey></form1></xfa:data></xfa:datasets></xdp:xdp>";
    byte[] pdf;
    try (PDDocument doc = new PDDocument()) {
      page(doc, "An XFA form");
      PDAcroForm form = new PDAcroForm(doc);
      doc.getDocumentCatalog().setAcroForm(form);
      org.apache.pdfbox.cos.COSStream stream = doc.getDocument().createCOSStream();
      try (var out = stream.createOutputStream()) {
        out.write(xfa.getBytes(StandardCharsets.UTF_8));
      }
      form.setXFA(new org.apache.pdfbox.pdmodel.interactive.form.PDXFAResource(stream));
      pdf = save(doc);
    }
    Files.write(dir.resolve("form.pdf"), pdf);

    assertInstanceOf(DocumentText.ForTika.class, PdfText.parse(pdf, 10_000, LARGE, LARGE));
    assertEquals("form.pdf", single(scan(dir), key).provenance().path());
  }

  @Test
  void notAPdf_isCorrupt() {
    DocumentText t =
        PdfText.parse(
            "%PDF-1.7\n1 0 obj <<".getBytes(StandardCharsets.US_ASCII), 100, LARGE, LARGE);

    assertEquals(Skipped.Reason.CORRUPT, assertInstanceOf(DocumentText.Failed.class, t).reason());
  }
}
