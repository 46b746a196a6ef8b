package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.Test;

class TextOperatorsTest {

  /** The operators and their operands as PDFBox's parser reads them, one "operands op" each. */
  private static List<String> parsed(byte[] content) throws IOException {
    List<String> out = new ArrayList<>();
    StringBuilder operands = new StringBuilder();
    PDFStreamParser parser = new PDFStreamParser(content);
    for (Object t = parser.parseNextToken(); t != null; t = parser.parseNextToken()) {
      if (t instanceof Operator op) {
        out.add(operands + op.getName());
        operands.setLength(0);
      } else {
        operands.append(t).append(' ');
      }
    }
    return out;
  }

  /** What the text stripper acts on: {@link #parsed}, the operators it registers only. */
  private static List<String> read(byte[] content) throws IOException {
    return parsed(content).stream()
        .filter(s -> TextOperators.READ.contains(s.substring(s.lastIndexOf(' ') + 1)))
        .toList();
  }

  /**
   * {@code ops} (from {@link #parsed}) without the saved states that hold only {@code cm}, {@code
   * gs} and such states: what {@link TextOperators#keep} leaves out besides the drawing.
   */
  private static List<String> withoutIdleStates(List<String> ops) {
    List<String> out = new ArrayList<>();
    Deque<Integer> starts = new ArrayDeque<>();
    Deque<Boolean> read = new ArrayDeque<>();
    for (String s : ops) {
      String op = s.substring(s.lastIndexOf(' ') + 1);
      if (op.equals("q")) {
        starts.push(out.size());
        read.push(false);
      } else if (op.equals("Q") && !starts.isEmpty()) {
        int start = starts.pop();
        if (!read.pop()) {
          out.subList(start, out.size()).clear();
          continue;
        }
        if (!read.isEmpty()) {
          read.pop();
          read.push(true);
        }
      } else if (!read.isEmpty() && !op.equals("cm") && !op.equals("gs")) {
        read.pop();
        read.push(true);
      }
      out.add(s);
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void read_isEveryOperatorTheTextStripperActsOn() throws Exception {
    Field operators = PDFStreamEngine.class.getDeclaredField("operators");
    operators.setAccessible(true);
    Map<?, ?> registered = (Map<?, ?>) operators.get(new PDFTextStripper());

    assertEquals(TextOperators.READ, registered.keySet());
  }

  @Test
  void keepsTheTextOperatorsWithTheirOperands_andDropsTheDrawing() throws IOException {
    byte[] content =
        bytes(
            "q 1 0 0 1 10 20 cm\n"
                + "0.5 g 10 10 m 20 20 l 30 30 40 40 50 50 c h f % a comment: 1 2 Tj\n"
                + "BT /F1 12 Tf 72 712 Td (Hello \\) m 1 2 l) Tj [(A) -120 (B)]TJ ET\n"
                + "/Span <</ActualText (x) /N [1 2 <41>]>> BDC 0 0 1 rg 1 1 100 100 re S EMC\n"
                + "Q");

    byte[] kept = TextOperators.keep(content);

    assertNotNull(kept);
    assertEquals(
        List.of(
            "q",
            "COSInt{1} COSInt{0} COSInt{0} COSInt{1} COSInt{10} COSInt{20} cm",
            "BT",
            "COSName{F1} COSInt{12} Tf",
            "COSInt{72} COSInt{712} Td",
            "COSString{Hello ) m 1 2 l} Tj",
            "COSArray{[COSString{A}, COSInt{-120}, COSString{B}]} TJ",
            "ET",
            "COSName{Span} COSDictionary{COSName{ActualText}:COSString{x};"
                + "COSName{N}:COSArray{COSInt{1};COSInt{2};COSString{A};};} BDC",
            "EMC",
            "Q"),
        parsed(kept));
    assertEquals(read(content), parsed(kept));
  }

  @Test
  void savedStatesHoldingOnlyStateChanges_areLeftOutWhole() throws IOException {
    Map<String, String> cases =
        Map.of(
            // each shape in a state of its own, as Illustrator draws: all of it goes
            "q 1 0 0 1 5 5 cm 0 0 m 1 1 l f Q q /GS0 gs 1 0 0 1 6 6 cm 2 2 m S Q",
            "",
            // nested, and operands before a q (which PDFBox hands to q, to no effect)
            "q 1 0 0 1 5 5 cm 1 q 2 0 0 2 0 0 cm Q /GS1 gs Q",
            "",
            // text inside keeps its states and their changes; an idle state beside it goes
            "q 2 0 0 2 0 0 cm q 9 0 0 9 0 0 cm Q BT (a) Tj ET Q",
            "q\n2 0 0 2 0 0 cm\nBT\n(a) Tj\nET\nQ",
            // a form drawn, or marked content, is more than a state change
            "q /Fm0 Do Q q /P BMC EMC Q",
            "q\n/Fm0 Do\nQ\nq\n/P BMC\nEMC\nQ",
            // a q never restored, and a Q with no q, stay
            "Q q 1 0 0 1 5 5 cm",
            "Q\nq\n1 0 0 1 5 5 cm",
            // a state change outside any saved state lasts: it stays
            "1 0 0 1 5 5 cm q 2 0 0 2 0 0 cm Q BT (b) Tj ET",
            "1 0 0 1 5 5 cm\nBT\n(b) Tj\nET");
    for (var c : cases.entrySet()) {
      byte[] kept = TextOperators.keep(bytes(c.getKey()));

      assertNotNull(kept, c.getKey());
      assertEquals(parsed(bytes(c.getValue())), parsed(kept), c.getKey());
    }
  }

  @Test
  void givesUp_whereItsReadingCouldDifferFromPdfBoxs() {
    for (String content :
        List.of(
            "BI /W 1 /H 1 /BPC 8 /CS /G ID \u00ff EI", // an inline image's data
            "(unterminated Tj",
            "[(a) 1 TJ",
            "<</A 1 BDC",
            "<4G> Tj",
            "1 2 ] m",
            "(a) ) Tj",
            "1.5Tj", // a number run into an operator: PDFBox splits it, a strict reading does not
            "1.2.3 Tw",
            "-- 1 Tw",
            "(a) Tj%comment\n",
            "T1 x",
            "{ 1 } m",
            "(a (b)\nc) Tj", // PDFBox may end this string at its first ')', before the line end
            "<<1 2>> BDC")) { // a key that is not a name
      assertNull(TextOperators.keep(bytes(content)), content);
    }
  }

  /**
   * Random streams of every kind of token, operators the stripper reads and others, with and
   * without whitespace where the syntax allows either: PDFBox's own parser reads the same operators
   * and operands, in the same order, from the cut stream as from the whole.
   */
  @Test
  void pdfBoxReadsTheSameTextOperators_fromTheCutStreamAsFromTheWhole() throws IOException {
    Random random = new Random(20261130);
    String[] operands = {
      "0",
      "-12",
      "3.25",
      ".5",
      "-.75",
      "7.",
      "+4",
      "/F1",
      "/Span",
      "/",
      "/a#20b",
      "true",
      "null",
      "(plain)",
      "(nested (paren) inside)",
      "(escaped \\) paren)",
      "(backslash \\\\)",
      "(\\101\\102)",
      "(words m l c Tj ET)",
      "(line\\\ncontinued)",
      "(percent % is no comment)",
      "()",
      "<48656C6C6F>",
      "<4 8 6>",
      "<>",
      "[(a) -120 (b) 3.5 <41>]",
      "[[1 2] /N []]",
      "[]",
      "<</ActualText (x) /N 1 /A [1 2] /D <</E true>>>>",
      "<<>>"
    };
    String[] operators = {
      "BT", "ET", "cm", "Do", "gs", "q", "Q", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL", "Tm",
      "Tr", "Ts", "Tw", "Tz", "'", "\"", "BDC", "BMC", "EMC", "m", "l", "c", "v", "y", "h", "re",
      "S", "s", "f", "f*", "B", "b*", "n", "W", "W*", "g", "G", "rg", "RG", "k", "K", "cs", "CS",
      "sc", "scn", "SCN", "w", "J", "j", "M", "d", "i", "ri", "sh", "BX", "EX", "MP", "DP"
    };
    String[] gaps = {" ", "\n", "\r\n", "\t", "  ", "\f", " % comment [ ( <<\n"};
    for (int run = 0; run < 2000; run++) {
      StringBuilder s = new StringBuilder();
      for (int k = random.nextInt(40); k > 0; k--) {
        for (int o = random.nextInt(5); o > 0; o--) {
          String operand = operands[random.nextInt(operands.length)];
          s.append(operand);
          boolean delimited =
              operand.endsWith(")") || operand.endsWith("]") || operand.endsWith(">");
          s.append(delimited && random.nextBoolean() ? "" : gaps[random.nextInt(gaps.length)]);
        }
        s.append(operators[random.nextInt(operators.length)]);
        s.append(gaps[random.nextInt(gaps.length)]);
      }
      byte[] content = bytes(s.toString());

      byte[] kept = TextOperators.keep(content);

      assertNotNull(kept, s::toString);
      assertEquals(withoutIdleStates(read(content)), parsed(kept), s::toString);
    }
  }

  /**
   * A page of vector drawing with text among it, written with PDFBox: its text, read from the cut
   * stream, is that of the same page drawn without the paths (read whole: too small to cut).
   */
  @Test
  void aDrawingsText_isReadAsWithoutTheDrawing() throws IOException {
    byte[] drawing = drawing(true);
    try (PDDocument doc = Loader.loadPDF(drawing)) {
      COSStream content =
          (COSStream) doc.getPage(0).getCOSObject().getDictionaryObject(COSName.CONTENTS);
      assertTrue(content.getLength() > 64 * 1024, "large enough to be cut: " + content.getLength());
      try (var in = content.createInputStream()) {
        byte[] kept = TextOperators.keep(in.readAllBytes());
        assertNotNull(kept);
        // the 5,000 shapes' states and the five idle groups of 500 leave nothing behind
        assertTrue(kept.length < 1000, "kept " + kept.length + " bytes");
      }
    }
    String withPaths = text(drawing);
    String textOnly = text(drawing(false));

    assertEquals(textOnly, withPaths);
    assertTrue(withPaths.contains("label 0 token=ghp_0"), withPaths);
    assertTrue(withPaths.contains("label 3000"), withPaths);
  }

  /**
   * The same drawing in a form XObject (as Illustrator places its artwork) drawn on three pages,
   * plain and as a transparency group: the form is read cut down, cut once for the three pages
   * (each time when the cut cannot be remembered), and gives the text of the form drawn without the
   * paths, on each page.
   */
  @Test
  void aFormsDrawing_isReadCutOnce_forEveryPageItIsOn() throws IOException {
    for (boolean group : new boolean[] {false, true}) {
      byte[] drawing = inForm(drawing(true), group, 3);
      byte[] textOnly = inForm(drawing(false), group, 3);

      String which = group ? "transparency group" : "form";
      long remember = PdfText.REMEMBERED;
      assertEquals(new PdfText.FormCuts(1, 3), PdfText.formCuts(drawing, remember), which);
      assertEquals(new PdfText.FormCuts(0, 0), PdfText.formCuts(textOnly, remember), which);
      // With no room to remember it, the form is cut each time a page draws it.
      assertEquals(new PdfText.FormCuts(3, 3), PdfText.formCuts(drawing, 0), which);
      String text = text(drawing);
      assertEquals(text(textOnly), text, which);
      String[] pages = text.split("\f");
      assertEquals(3, pages.length, text);
      for (String page : pages) {
        assertTrue(page.contains("label 0 token=ghp_0") && page.contains("label 3000"), page);
      }
    }
  }

  /**
   * The first page of {@code pdf} moved into a form XObject (a transparency group if {@code
   * group}), which {@code pages} new pages draw.
   */
  private static byte[] inForm(byte[] pdf, boolean group, int pages) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      PDPage first = doc.getPage(0);
      PDFormXObject form = new PDFormXObject(doc);
      try (InputStream in = first.getContents();
          OutputStream out = form.getCOSObject().createOutputStream(COSName.FLATE_DECODE)) {
        in.transferTo(out);
      }
      form.setBBox(first.getMediaBox());
      form.setResources(first.getResources());
      if (group) {
        COSDictionary attributes = new COSDictionary();
        attributes.setItem(COSName.S, COSName.TRANSPARENCY);
        form.getCOSObject().setItem(COSName.GROUP, attributes);
      }
      doc.removePage(0);
      for (int i = 0; i < pages; i++) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawForm(form);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static String text(byte[] pdf) {
    DocumentText t = PdfText.parse(pdf, 10_000_000, 1 << 20, 1 << 20);
    return String.join("\f", assertInstanceOf(DocumentText.Text.class, t).pages());
  }

  /** 5,000 curves in groups moved by their own matrix, a line of text every 1,000. */
  private static byte[] drawing(boolean paths) throws IOException {
    Random random = new Random(7);
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage();
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        for (int i = 0; i < 5000; i++) {
          if (i % 500 == 0) {
            cs.saveGraphicsState();
            cs.transform(new Matrix(1, 0, 0, 1, i % 7, -(i % 5)));
          }
          float x = random.nextFloat() * 600;
          float y = random.nextFloat() * 800;
          if (paths) {
            // each shape in a saved state of its own, moved by its own matrix, as Illustrator
            // draws
            cs.saveGraphicsState();
            cs.transform(new Matrix(1, 0, 0, 1, 0.5f, 0.25f));
            cs.setNonStrokingColor(random.nextFloat(), random.nextFloat(), random.nextFloat());
            cs.moveTo(x, y);
            cs.curveTo(x + 1, y + 2, x + 3, y + 4, x + 5, y + 6);
            cs.lineTo(x - 5, y);
            cs.fill();
            cs.restoreGraphicsState();
          }
          if (i % 1000 == 0) {
            cs.beginText();
            cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
            cs.newLineAtOffset(50, 700 - i / 20f);
            cs.showText("label " + i + " token=ghp_" + i);
            cs.endText();
          }
          if (i % 500 == 499) {
            cs.restoreGraphicsState();
          }
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }
}
