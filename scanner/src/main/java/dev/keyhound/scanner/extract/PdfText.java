package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.ResourceCache;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDFileSpecification;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDTransparencyGroup;
import org.apache.pdfbox.pdmodel.interactive.action.PDAction;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationMarkup;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads a PDF's text with PDFBox directly, as Tika's PDF parser does underneath, without starting
 * Tika: each page's text (PDFBox's text stripper with Tika's settings) with its annotations'
 * (comments, and where links point), then the bookmarks and the form's fields on the last page.
 * Files attached to the PDF are handed back as attachments, to be read at their own path ({@code
 * report.pdf!secrets.env}); Tika read them into the PDF's own text.
 *
 * <p>Tika's start (its media types and parsers) and its reading of the XMP metadata, which keyhound
 * never looks at, cost a cold JVM ~0.2 CPU-s at a history's first PDF (psf/requests' history: 2.76
 * -> 2.54 CPU-s). A PDF with an XFA form, whose text Tika reads from the form's own XML, goes to
 * Tika ({@link DocumentText.ForTika}).
 */
final class PdfText {
  private PdfText() {}

  /**
   * The text of the PDF, page by page, up to {@code maxChars} characters; attachments up to {@code
   * maxAttachment} bytes each and {@code maxAttachments} in all.
   */
  static DocumentText parse(byte[] bytes, long maxChars, long maxAttachment, long maxAttachments) {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      PDDocumentCatalog catalog = doc.getDocumentCatalog();
      PDAcroForm form = catalog.getAcroForm(null);
      if (form != null && form.hasXFA()) {
        return new DocumentText.ForTika();
      }
      Pages pages = new Pages(maxChars);
      try {
        new PageSplitter(pages).split(doc);
      } catch (TextTooLong e) {
        // The pages keep the text up to the limit; annotations, bookmarks and fields add none, but
        // attached files are still read.
      }
      Attachments attachments = new Attachments(maxAttachment, maxAttachments);
      int i = 0;
      for (PDPage page : doc.getPages()) {
        pages.at(i++);
        try {
          annotations(page, pages, attachments);
        } catch (IOException e) {
          // A page whose annotations cannot be read keeps its text.
        }
      }
      pages.at(pages.count() - 1);
      bookmarks(catalog.getDocumentOutline(), pages, new HashSet<>());
      if (form != null) {
        for (PDField field : form.getFieldTree()) {
          String value = field.getValueAsString();
          if (value != null && !value.isBlank()) {
            pages.line(field.getPartialName() + ": " + value);
          }
        }
      }
      embeddedFiles(catalog, attachments);
      return new DocumentText.Text(pages.text(), true, attachments.list, pages.cut ? maxChars : -1);
    } catch (InvalidPasswordException e) {
      return new DocumentText.Failed(Skipped.Reason.ENCRYPTED, "password-protected document");
    } catch (IOException | RuntimeException e) {
      return new DocumentText.Failed(
          Skipped.Reason.CORRUPT, "unreadable document: " + Extraction.message(e));
    }
  }

  /** A page's comments, and the addresses its links point to (a token in a URL's query, say). */
  private static void annotations(PDPage page, Pages pages, Attachments attachments)
      throws IOException {
    for (PDAnnotation a : page.getAnnotations()) {
      pages.line(a.getContents());
      if (a instanceof PDAnnotationMarkup m) {
        pages.line(m.getSubject());
      }
      if (a instanceof PDAnnotationLink link) {
        PDAction action = link.getAction();
        if (action instanceof PDActionURI uri) {
          pages.line(uri.getURI());
        }
      }
      if (a instanceof PDAnnotationFileAttachment file) {
        attachments.add(file.getFile());
      }
    }
  }

  /** The bookmarks' titles, depth first; a bookmark seen before (a cycle) ends its branch. */
  private static void bookmarks(PDOutlineNode node, Pages pages, Set<PDOutlineNode> seen) {
    if (node == null) {
      return;
    }
    for (var item : node.children()) {
      if (!seen.add(item) || seen.size() > 10_000) {
        return;
      }
      pages.line(item.getTitle());
      bookmarks(item, pages, seen);
    }
  }

  /** The files of the document's EmbeddedFiles name tree. */
  private static void embeddedFiles(PDDocumentCatalog catalog, Attachments attachments)
      throws IOException {
    var names = catalog.getNames();
    PDEmbeddedFilesNameTreeNode tree = names == null ? null : names.getEmbeddedFiles();
    if (tree != null) {
      embeddedFiles(tree, attachments, 0);
    }
  }

  private static void embeddedFiles(
      PDNameTreeNode<PDComplexFileSpecification> node, Attachments attachments, int depth)
      throws IOException {
    if (depth > 32) {
      return;
    }
    Map<String, PDComplexFileSpecification> files = node.getNames();
    if (files != null) {
      for (PDComplexFileSpecification spec : files.values()) {
        attachments.add(spec);
      }
    }
    List<PDNameTreeNode<PDComplexFileSpecification>> kids = node.getKids();
    if (kids != null) {
      for (PDNameTreeNode<PDComplexFileSpecification> kid : kids) {
        embeddedFiles(kid, attachments, depth + 1);
      }
    }
  }

  /**
   * The files attached to the PDF, by their names in it, within a size limit each and one for all;
   * one over either is listed without its bytes, to be reported as too large.
   */
  private static final class Attachments {
    private final long maxEach;
    private final long maxAll;
    private final List<DocumentText.Attachment> list = new ArrayList<>();
    private long total;

    Attachments(long maxEach, long maxAll) {
      this.maxEach = maxEach;
      this.maxAll = maxAll;
    }

    void add(PDFileSpecification file) throws IOException {
      if (!(file instanceof PDComplexFileSpecification spec)) {
        return;
      }
      PDEmbeddedFile embedded = spec.getEmbeddedFile();
      if (embedded == null) {
        embedded = spec.getEmbeddedFileUnicode();
      }
      if (embedded == null) {
        return;
      }
      String name = spec.getFileUnicode();
      if (name == null || name.isBlank()) {
        name = spec.getFilename();
      }
      if (name == null || name.isBlank()) {
        name = "attachment-" + (list.size() + 1);
      }
      // The declared length, when there is one, spares decoding a file too large to keep.
      byte[] data = fits(Math.max(0, embedded.getLength())) ? embedded.toByteArray() : null;
      if (data != null && !fits(data.length)) {
        data = null;
      }
      if (data != null) {
        total += data.length;
      }
      list.add(new DocumentText.Attachment(name, data));
    }

    private boolean fits(long size) {
      return size <= maxEach && total + size <= maxAll;
    }
  }

  /**
   * PDFBox's text stripper, each page's text going to that page: one pass over the document (asking
   * the stripper for one page at a time walks the page tree from the start for each, which took a
   * 2,000-page PDF three times as long as Tika).
   */
  private static final class PageSplitter extends PDFTextStripper {
    private final Pages pages;
    private final StringWriter text = new StringWriter();

    /**
     * Forms cut down, by their stream: a form is drawn wherever a page names it, often on every
     * page, and cut once. Up to {@link PdfText#REMEMBERED} bytes of cut content in all; past that
     * (a hostile file's thousands of large forms) a form is cut again each time it is drawn.
     */
    private final Map<COSStream, byte[]> cutForms = new IdentityHashMap<>();

    /** Bytes of cut content {@link #cutForms} holds. */
    private long remembered;

    /** Bytes of cut form content remembered at most (tests lower it). */
    private final long remember;

    /** How many form streams were cut down (tests). */
    private int formsCut;

    /** How many times PDFBox read a form's stream cut down (tests). */
    private int cutFormsRead;

    PageSplitter(Pages pages) {
      this(pages, REMEMBERED);
    }

    PageSplitter(Pages pages, long remember) {
      this.pages = pages;
      this.remember = remember;
      // As Tika sets it: overlapping copies of a glyph (fake bold) are kept, not merged.
      setSuppressDuplicateOverlappingText(false);
    }

    void split(PDDocument doc) throws IOException {
      writeText(doc, text);
    }

    @Override
    public void showForm(PDFormXObject form) throws IOException {
      byte[] kept = cut(form);
      super.showForm(kept == null ? form : new TextOnlyForm(form, kept));
    }

    @Override
    public void showTransparencyGroup(PDTransparencyGroup group) throws IOException {
      byte[] kept = cut(group);
      super.showTransparencyGroup(kept == null ? group : new TextOnlyGroup(group, kept));
    }

    /** The form's stream cut down, or null to read it as it is (also remembered). */
    private byte[] cut(PDFormXObject form) {
      COSStream stream = form.getCOSObject();
      if (cutForms.containsKey(stream)) {
        return cutForms.get(stream);
      }
      byte[] kept = textOnly(stream);
      formsCut += kept == null ? 0 : 1;
      long size = kept == null ? 0 : kept.length;
      if (remembered + size <= remember) {
        cutForms.put(stream, kept);
        remembered += size;
      }
      return kept;
    }

    /**
     * A form XObject (a drawing placed on a page, as Illustrator places its artwork) read as {@link
     * #textOnly} cuts it down; its dictionary (bounding box, matrix) is the form's own.
     */
    private final class TextOnlyForm extends PDFormXObject {
      private final PDFormXObject form;
      private final byte[] content;

      private TextOnlyForm(PDFormXObject form, byte[] content) {
        super(form.getCOSObject());
        this.form = form;
        this.content = content;
      }

      @Override
      public RandomAccessRead getContentsForStreamParsing() {
        cutFormsRead++;
        return new RandomAccessReadBuffer(content);
      }

      @Override
      public InputStream getContents() {
        return new ByteArrayInputStream(content);
      }

      @Override
      public PDResources getResources() {
        return form.getResources();
      }
    }

    /** As {@link TextOnlyForm}, for a form that is a transparency group. */
    private final class TextOnlyGroup extends PDTransparencyGroup {
      private final PDTransparencyGroup group;
      private final byte[] content;

      private TextOnlyGroup(PDTransparencyGroup group, byte[] content) {
        super(group.getCOSObject(), null);
        this.group = group;
        this.content = content;
      }

      @Override
      public RandomAccessRead getContentsForStreamParsing() {
        cutFormsRead++;
        return new RandomAccessReadBuffer(content);
      }

      @Override
      public InputStream getContents() {
        return new ByteArrayInputStream(content);
      }

      @Override
      public PDResources getResources() {
        return group.getResources();
      }
    }

    @Override
    public void processPage(PDPage page) throws IOException {
      try {
        super.processPage(TextOnlyPage.of(page));
      } catch (IOException e) {
        // A damaged page: the others are still read, as Tika does.
      }
      output.flush();
      StringBuffer written = text.getBuffer();
      pages.at(getCurrentPageNo() - 1);
      pages.append(written.toString());
      written.setLength(0);
      if (pages.cut) {
        throw new TextTooLong(pages.maxChars); // no further page is stripped
      }
    }
  }

  /** For tests: how many form streams a read cut down, and how many times PDFBox read a cut one. */
  record FormCuts(int cut, int read) {}

  /**
   * Reads the PDF's pages' text as {@link #parse} does, remembering up to {@code remember} bytes of
   * cut forms, and counts the forms cut (tests).
   */
  static FormCuts formCuts(byte[] bytes, long remember) throws IOException {
    try (PDDocument doc = Loader.loadPDF(bytes)) {
      PageSplitter splitter = new PageSplitter(new Pages(Long.MAX_VALUE), remember);
      splitter.split(doc);
      return new FormCuts(splitter.formsCut, splitter.cutFormsRead);
    }
  }

  /**
   * A content stream cut down by {@link TextOperators} to what the text stripper reads: the same
   * text from a fraction of the parsing, for vector drawing. Only a stream of some size, which
   * decodes within {@link #MAX_CONTENT} bytes; null for any other (read as it is).
   */
  private static byte[] textOnly(COSStream stream) {
    if (stream.getLength() < MIN_CONTENT) {
      return null;
    }
    byte[] decoded;
    try (InputStream in = stream.createInputStream()) {
      decoded = in.readNBytes(MAX_CONTENT + 1);
    } catch (IOException e) {
      return null; // damaged: PDFBox reads what it can of it, as before
    }
    return decoded.length > MAX_CONTENT ? null : TextOperators.keep(decoded);
  }

  /** Bytes of forms' cut content a document's read remembers at most. */
  static final long REMEMBERED = 16 << 20;

  /** Smaller content streams (encoded) are read as they are: too little to gain. */
  private static final long MIN_CONTENT = 16 * 1024;

  /** Content decoding to more than this is streamed by PDFBox, not held. */
  private static final int MAX_CONTENT = 32 << 20;

  /** A page with one content stream, read as {@link #textOnly} cuts it down. */
  private static final class TextOnlyPage extends PDPage {
    private final PDPage page;
    private final byte[] content;

    private TextOnlyPage(PDPage page, byte[] content) {
      super(page.getCOSObject());
      this.page = page;
      this.content = content;
    }

    static PDPage of(PDPage page) {
      byte[] kept =
          page.getCOSObject().getDictionaryObject(COSName.CONTENTS) instanceof COSStream stream
              ? textOnly(stream)
              : null;
      return kept == null ? page : new TextOnlyPage(page, kept);
    }

    @Override
    public RandomAccessRead getContentsForStreamParsing() {
      return new RandomAccessReadBuffer(content);
    }

    @Override
    public InputStream getContents() {
      return new ByteArrayInputStream(content);
    }

    @Override
    public PDResources getResources() {
      return page.getResources();
    }

    @Override
    public ResourceCache getResourceCache() {
      return page.getResourceCache();
    }
  }

  /** The pages' text, counted against the document's share of the budget. */
  private static final class Pages {
    private final long maxChars;
    private final List<StringBuilder> pages = new ArrayList<>();
    private StringBuilder current;
    private long chars;

    /** The text reached the limit: what the pages hold is its start, and nothing more is added. */
    private boolean cut;

    /**
     * Pages are made as text reaches them, not from the count the PDF declares, which a damaged or
     * hostile file may set to millions.
     */
    Pages(long maxChars) {
      this.maxChars = maxChars;
      current = new StringBuilder();
      pages.add(current);
    }

    int count() {
      return pages.size();
    }

    /** Further text goes to page {@code index} (0-based), made with the pages before it if new. */
    void at(int index) {
      while (pages.size() <= index) {
        pages.add(new StringBuilder());
      }
      current = pages.get(Math.max(0, index));
    }

    List<String> text() {
      return pages.stream().map(StringBuilder::toString).toList();
    }

    /** Adds {@code s} to the current page, or as much of it as the limit leaves room for. */
    void append(String s) {
      if (cut) {
        return;
      }
      long room = maxChars - chars;
      if (s.length() > room) {
        current.append(s, 0, (int) room);
        chars = maxChars;
        cut = true;
        return;
      }
      chars += s.length();
      current.append(s);
    }

    /** A line of its own, after the page's text; nothing for a null or blank value. */
    void line(String s) {
      if (s == null || s.isBlank()) {
        return;
      }
      if (current.length() > 0 && current.charAt(current.length() - 1) != '\n') {
        append("\n");
      }
      append(s);
      append("\n");
    }
  }
}
