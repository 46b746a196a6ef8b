package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * Reads the text of Word, Excel and PowerPoint files (Office Open XML) straight from their XML
 * parts with the JDK's StAX reader, without Tika and POI.
 *
 * <p>A secret scanner needs the words a document holds, not its layout: a package's text parts (the
 * body, headers and footers, notes, comments, cells, text boxes) are read for their text elements,
 * a paragraph, a comment or a sheet row to a line, a row's cells separated by tabs. That is the
 * text Tika gives (checked word for word in {@code OfficeXmlTest}) plus what Tika leaves out and a
 * key may sit in: a cell's formula, a hidden sheet's cells as well, and the raw number of a cell
 * rather than its display format. Embedded files (under a {@code embeddings} folder) go back to the
 * extraction as members of the document, so an embedded workbook or PDF is read and reported at its
 * own path.
 *
 * <p>Tika and POI cost a cold JVM ~0.5 CPU-s at a history's first spreadsheet (class loading,
 * XMLBeans' schema types, the JIT); this reader costs a few milliseconds. Anything it does not
 * handle (a binary workbook, a package whose XML it cannot read) goes to Tika as before: {@link
 * #extract} then returns false, having emitted nothing.
 */
final class OfficeXml {
  private static final String CONTENT_TYPES = "[Content_Types].xml";
  private static final String OPENXML = "application/vnd.openxmlformats-officedocument.";

  /** Office 2016's newer charts (waterfall, treemap, ...), beside DrawingML's {@code chart+xml}. */
  private static final String CHART_EX = "application/vnd.ms-office.chartex+xml";

  private static final String MARKUP_COMPATIBILITY =
      "http://schemas.openxmlformats.org/markup-compatibility/2006";
  private static final String RELATIONSHIPS_NS =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  private static final String STRICT_RELATIONSHIPS_NS =
      "http://purl.oclc.org/ooxml/officeDocument/relationships";

  /** A sheet's header and footer elements, whose text holds formatting codes. */
  private static final Set<String> HEADERS_FOOTERS =
      Set.of("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter");

  /** Header and footer codes ({@code &L}, {@code &"Arial,Bold"}, {@code &12}, {@code &K00FF00}). */
  private static final Pattern HEADER_CODES =
      Pattern.compile("&(?:\"[^\"]*\"|K[0-9A-Fa-f]{6}|K\\d\\d[+-]\\d{3}|\\d+|[A-Za-z+-])");

  private enum Family {
    WORD,
    SHEET,
    SLIDES
  }

  private OfficeXml() {}

  /**
   * Emits the text of an Office Open XML package and extracts its embedded files; false (nothing
   * emitted) when the bytes are not a package this reader handles.
   */
  static boolean extract(byte[] bytes, String member, int depth, Extraction x)
      throws Budget.LimitReached {
    if (!ContentKind.isZip(bytes)) {
      return false;
    }
    Package pkg;
    try {
      pkg = Package.open(bytes, member);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    try (pkg) {
      Map<String, String> types = pkg.contentTypes(x);
      Family family = family(types);
      if (family == null) {
        return false;
      }
      Text text = new Text(x.textLimit());
      try {
        try {
          switch (family) {
            case SHEET -> sheets(pkg, types, text, x);
            case WORD -> parts(pkg, types, OfficeXml::wordRank, text, x);
            case SLIDES -> parts(pkg, types, t -> SLIDE_PARTS.getOrDefault(t, -1), text, x);
          }
          links(pkg, text, x);
          connections(pkg, types, text, x);
        } catch (XMLStreamException e) {
          // The budget's stop reaches here inside the reader's exception.
          Budget.LimitReached l = limitIn(e);
          if (l == null) {
            throw e;
          }
          throw l;
        }
      } catch (Budget.LimitReached l) {
        // A limit stops the whole blob: what was read is still scanned, as an archive's earlier
        // members are.
        text.emit(member, x);
        throw l;
      } catch (TextTooLong e) {
        // The text up to the limit is scanned, the rest reported, as for every document.
        x.skip(member, Skipped.Reason.LIMIT, TextTooLong.scannedStart(text.max()));
      }
      text.emit(member, x);
      embeddings(pkg, member, depth, x);
      return true;
    } catch (Budget.LimitReached l) {
      throw l;
    } catch (IOException | XMLStreamException | RuntimeException e) {
      return false;
    }
  }

  private static Budget.LimitReached limitIn(XMLStreamException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Budget.LimitReached l) {
        return l;
      }
      if (t instanceof XMLStreamException x
          && x.getNestedException() instanceof Budget.LimitReached l) {
        return l;
      }
    }
    return null;
  }

  /** The kind of document the package's main part says it is; null for any other package. */
  private static Family family(Map<String, String> types) {
    for (String type : types.values()) {
      if (!type.endsWith(".main+xml")) {
        continue;
      }
      if (type.contains("wordprocessingml") || type.startsWith("application/vnd.ms-word.")) {
        return Family.WORD;
      }
      if (type.contains("spreadsheetml") || type.startsWith("application/vnd.ms-excel.")) {
        return Family.SHEET;
      }
      if (type.contains("presentationml") || type.startsWith("application/vnd.ms-powerpoint.")) {
        return Family.SLIDES;
      }
    }
    return null;
  }

  /**
   * Where a text part's text goes in its document's, by content type, lowest first (then by name,
   * slide2 before slide10); a part of no other type has no text to read.
   */
  private static final Map<String, Integer> WORD_PARTS =
      Map.of(
          OPENXML + "wordprocessingml.header+xml",
          0,
          OPENXML + "wordprocessingml.footnotes+xml",
          2,
          OPENXML + "wordprocessingml.endnotes+xml",
          2,
          OPENXML + "wordprocessingml.comments+xml",
          3,
          OPENXML + "drawingml.diagramData+xml",
          3,
          OPENXML + "drawingml.chart+xml",
          3,
          CHART_EX,
          3,
          OPENXML + "wordprocessingml.footer+xml",
          4);

  /** Slides, then their notes, comments and charts, then the masters and layouts. */
  private static final Map<String, Integer> SLIDE_PARTS =
      Map.ofEntries(
          Map.entry(OPENXML + "presentationml.slide+xml", 0),
          Map.entry(OPENXML + "presentationml.notesSlide+xml", 1),
          Map.entry(OPENXML + "presentationml.comments+xml", 2),
          Map.entry("application/vnd.ms-powerpoint.comments+xml", 2),
          Map.entry(OPENXML + "drawingml.diagramData+xml", 2),
          Map.entry(OPENXML + "drawingml.chart+xml", 2),
          Map.entry(CHART_EX, 2),
          Map.entry(OPENXML + "presentationml.slideMaster+xml", 3),
          Map.entry(OPENXML + "presentationml.slideLayout+xml", 3),
          Map.entry(OPENXML + "presentationml.notesMaster+xml", 3),
          Map.entry(OPENXML + "presentationml.handoutMaster+xml", 3));

  /** A workbook's comments, then its text boxes, diagrams and charts, read after its sheets. */
  private static final Map<String, Integer> SHEET_EXTRA_PARTS =
      Map.of(
          OPENXML + "spreadsheetml.comments+xml",
          0,
          "application/vnd.ms-excel.threadedcomments+xml",
          0,
          OPENXML + "drawing+xml",
          1,
          OPENXML + "drawingml.diagramData+xml",
          1,
          OPENXML + "drawingml.chart+xml",
          1,
          CHART_EX,
          1);

  /** A Word part's rank: its main part (the body) after the headers, else {@link #WORD_PARTS}. */
  private static int wordRank(String type) {
    return type.endsWith(".main+xml") ? 1 : WORD_PARTS.getOrDefault(type, -1);
  }

  /**
   * The text parts {@code rank} orders (by content type; -1 for a part it does not read), read in
   * that order, then by name (slide2 before slide10).
   */
  private static void parts(
      Package pkg, Map<String, String> types, ToIntFunction<String> rank, Text text, Extraction x)
      throws IOException, XMLStreamException {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, String> e : types.entrySet()) {
      if (rank.applyAsInt(e.getValue()) >= 0) {
        names.add(e.getKey());
      }
    }
    names.sort(
        Comparator.comparingInt((String n) -> rank.applyAsInt(types.get(n)))
            .thenComparing(OfficeXml::naturalOrder));
    for (String name : names) {
      try (InputStream xml = pkg.part(name, x)) {
        if (xml != null) {
          paragraphs(xml, text, isTemplate(types.get(name)));
        }
      }
    }
  }

  /**
   * The text of a part made of paragraphs (Word, DrawingML, comments): the text elements' content,
   * a line per paragraph, a tab or a line break where the run has one. Markup-compatibility
   * fallbacks repeat their choice's text (a text box drawn twice) and are left out.
   */
  private static void paragraphs(InputStream xml, Text text, boolean dropPlaceholders)
      throws XMLStreamException {
    XMLStreamReader r = reader(xml);
    try {
      int shapeStart = -1;
      boolean placeholder = false;
      // The open elements' local names: a tab is text in a run, a tab stop in a paragraph's
      // properties (w:tabs/w:tab).
      List<String> open = new ArrayList<>();
      while (r.hasNext()) {
        switch (r.next()) {
          case XMLStreamConstants.START_ELEMENT -> {
            String name = r.getLocalName();
            if ("Fallback".equals(name) && MARKUP_COMPATIBILITY.equals(r.getNamespaceURI())) {
              skipElement(r);
              continue;
            }
            if (dropPlaceholders && "sp".equals(name)) {
              shapeStart = text.length();
              placeholder = false;
            } else if ("ph".equals(name)) {
              placeholder = true;
            }
            String in = open.isEmpty() ? "" : open.get(open.size() - 1);
            if ("tab".equals(name) && "r".equals(in)) {
              text.append('\t');
            } else if (("br".equals(name) || "cr".equals(name))
                && ("r".equals(in) || "p".equals(in))) {
              text.append('\n');
            }
            open.add(name);
          }
          case XMLStreamConstants.END_ELEMENT -> {
            switch (r.getLocalName()) {
              case "p", "comment", "cm", "threadedComment", "pt" -> text.endLine();
              case "sp" -> {
                if (shapeStart >= 0 && placeholder) {
                  text.truncate(shapeStart);
                }
                shapeStart = -1;
              }
              default -> {}
            }
            if (!open.isEmpty()) {
              open.remove(open.size() - 1);
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (!open.isEmpty() && isText(open.get(open.size() - 1))) {
              text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            }
          }
          default -> {}
        }
      }
    } finally {
      r.close();
    }
    text.endLine();
  }

  /**
   * A master or a layout: its placeholders hold the prompts a new slide shows ("Click to edit
   * Master title style"), not the document's text; its other shapes (a logo's caption, a footer
   * typed once for every slide) are read, as Tika reads them.
   */
  private static boolean isTemplate(String type) {
    return type != null
        && (type.endsWith("Master+xml") || type.endsWith("presentationml.slideLayout+xml"));
  }

  /**
   * Word's text, deleted text and field codes ({@code HYPERLINK "https://..."}), DrawingML's and
   * SpreadsheetML's text, PowerPoint comments' text, and a chart's cached labels and values ({@code
   * c:v}, a point to a line).
   */
  private static boolean isText(String element) {
    return switch (element) {
      case "t", "instrText", "delText", "text", "v" -> true;
      default -> false;
    };
  }

  /**
   * A workbook: its shared strings, then each sheet in the workbook's order (its name on a line,
   * then a line per row of tab-separated cells, then its header and footer), then the comments and
   * text boxes.
   */
  private static void sheets(Package pkg, Map<String, String> types, Text text, Extraction x)
      throws IOException, XMLStreamException {
    List<String> shared = List.of();
    String workbook = null;
    List<String> worksheets = new ArrayList<>();
    for (Map.Entry<String, String> e : types.entrySet()) {
      String type = e.getValue();
      if (type.endsWith(".main+xml")) {
        workbook = e.getKey();
      } else if (type.equals(OPENXML + "spreadsheetml.sharedStrings+xml")) {
        try (InputStream xml = pkg.part(e.getKey(), x)) {
          if (xml != null) {
            shared = sharedStrings(xml);
          }
        }
      } else if (type.equals(OPENXML + "spreadsheetml.worksheet+xml")) {
        worksheets.add(e.getKey());
      }
    }
    worksheets.sort(OfficeXml::naturalOrder);
    List<String[]> ordered = workbook == null ? List.of() : sheetOrder(pkg, workbook, x);
    for (String[] sheet : ordered) {
      if (worksheets.remove(sheet[1])) {
        text.append(sheet[0]);
        text.endLine();
        try (InputStream xml = pkg.part(sheet[1], x)) {
          if (xml != null) {
            rows(xml, shared, text);
          }
        }
      }
    }
    for (String name : worksheets) {
      try (InputStream xml = pkg.part(name, x)) {
        if (xml != null) {
          rows(xml, shared, text);
        }
      }
    }
    parts(pkg, types, t -> SHEET_EXTRA_PARTS.getOrDefault(t, -1), text, x);
  }

  /**
   * The addresses the document links to, a line each, from its relationship parts: Tika's text
   * holds a link's words ("the dashboard") but not where it goes, and that is where a webhook or a
   * URL carrying a token sits.
   */
  private static void links(Package pkg, Text text, Extraction x)
      throws IOException, XMLStreamException {
    List<String> rels = new ArrayList<>();
    for (String name : pkg.names()) {
      if (name.endsWith(".rels")) {
        rels.add(name);
      }
    }
    rels.sort(OfficeXml::naturalOrder);
    for (String name : rels) {
      try (InputStream xml = pkg.part(name, x)) {
        if (xml == null) {
          continue;
        }
        XMLStreamReader r = reader(xml);
        try {
          while (r.hasNext()) {
            if (r.next() == XMLStreamConstants.START_ELEMENT
                && "Relationship".equals(r.getLocalName())
                && "External".equals(r.getAttributeValue(null, "TargetMode"))) {
              String target = r.getAttributeValue(null, "Target");
              if (target != null && !target.isBlank()) {
                text.append(target);
                text.endLine();
              }
            }
          }
        } finally {
          r.close();
        }
      }
    }
  }

  /**
   * A workbook's data connections, a line per connection string, command, URL or source file: a
   * spreadsheet that queries a database keeps its connection string, password and all, in {@code
   * xl/connections.xml}, which no text extractor reads.
   */
  private static void connections(Package pkg, Map<String, String> types, Text text, Extraction x)
      throws IOException, XMLStreamException {
    for (Map.Entry<String, String> e : types.entrySet()) {
      if (!e.getValue().equals(OPENXML + "spreadsheetml.connections+xml")) {
        continue;
      }
      try (InputStream xml = pkg.part(e.getKey(), x)) {
        if (xml != null) {
          connectionStrings(xml, text);
        }
      }
    }
  }

  private static void connectionStrings(InputStream xml, Text text) throws XMLStreamException {
    XMLStreamReader r = reader(xml);
    try {
      while (r.hasNext()) {
        if (r.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String[] attributes =
            switch (r.getLocalName()) {
              case "dbPr" -> new String[] {"connection", "command"};
              case "webPr" -> new String[] {"url"};
              case "textPr" -> new String[] {"sourceFile"};
              default -> new String[0];
            };
        for (String attribute : attributes) {
          String value = r.getAttributeValue(null, attribute);
          if (value != null && !value.isBlank()) {
            text.append(value);
            text.endLine();
          }
        }
      }
    } finally {
      r.close();
    }
  }

  /** The workbook's sheets in order, each as {name, part name}, from the workbook and its rels. */
  private static List<String[]> sheetOrder(Package pkg, String workbook, Extraction x)
      throws IOException, XMLStreamException {
    Map<String, String> targets;
    try (InputStream rels = pkg.part(relsOf(workbook), x)) {
      if (rels == null) {
        return List.of();
      }
      targets = relationships(rels, workbook);
    }
    try (InputStream wb = pkg.part(workbook, x)) {
      return wb == null ? List.of() : sheets(wb, targets);
    }
  }

  /** The workbook's {@code <sheet>} elements, each as {name, part name}. */
  private static List<String[]> sheets(InputStream wb, Map<String, String> targets)
      throws XMLStreamException {
    List<String[]> sheets = new ArrayList<>();
    XMLStreamReader r = reader(wb);
    try {
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT && "sheet".equals(r.getLocalName())) {
          String id = r.getAttributeValue(RELATIONSHIPS_NS, "id");
          if (id == null) {
            id = r.getAttributeValue(STRICT_RELATIONSHIPS_NS, "id");
          }
          String target = id == null ? null : targets.get(id);
          String name = r.getAttributeValue(null, "name");
          if (target != null) {
            sheets.add(new String[] {name == null ? "" : name, target});
          }
        }
      }
    } finally {
      r.close();
    }
    return sheets;
  }

  /**
   * A relationship part's ids and the part names they point at, resolved against {@code source}.
   */
  private static Map<String, String> relationships(InputStream rels, String source)
      throws XMLStreamException {
    Map<String, String> targets = new HashMap<>();
    String base = source.substring(0, source.lastIndexOf('/') + 1);
    XMLStreamReader r = reader(rels);
    try {
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT
            && "Relationship".equals(r.getLocalName())
            && !"External".equals(r.getAttributeValue(null, "TargetMode"))) {
          String id = r.getAttributeValue(null, "Id");
          String target = r.getAttributeValue(null, "Target");
          if (id != null && target != null) {
            targets.put(id, resolve(base, target));
          }
        }
      }
    } finally {
      r.close();
    }
    return targets;
  }

  /** {@code /xl/} and {@code worksheets/sheet1.xml} make {@code /xl/worksheets/sheet1.xml}. */
  static String resolve(String base, String target) {
    String path = target.startsWith("/") ? target : base + target;
    List<String> out = new ArrayList<>();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
      } else {
        out.add(seg);
      }
    }
    return "/" + String.join("/", out);
  }

  private static String relsOf(String part) {
    int slash = part.lastIndexOf('/');
    return part.substring(0, slash + 1) + "_rels/" + part.substring(slash + 1) + ".rels";
  }

  /**
   * The shared string table: each item's runs joined, its phonetic guide (ruby text over Japanese)
   * left out as POI does.
   */
  private static List<String> sharedStrings(InputStream xml) throws XMLStreamException {
    List<String> strings = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    XMLStreamReader r = reader(xml);
    try {
      String current = "";
      int phonetic = 0;
      while (r.hasNext()) {
        switch (r.next()) {
          case XMLStreamConstants.START_ELEMENT -> {
            current = r.getLocalName();
            if ("rPh".equals(current)) {
              phonetic++;
            } else if ("si".equals(current)) {
              item.setLength(0);
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            String name = r.getLocalName();
            if ("rPh".equals(name)) {
              phonetic--;
            } else if ("si".equals(name)) {
              strings.add(item.toString());
            }
            current = "";
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (phonetic == 0 && "t".equals(current)) {
              item.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            }
          }
          default -> {}
        }
      }
    } finally {
      r.close();
    }
    return strings;
  }

  /**
   * A worksheet: a line per row, its cells' values separated by tabs (a shared string by its index,
   * a boolean as TRUE or FALSE, anything else as written), each formula after its value; then the
   * header and footer text without their formatting codes.
   */
  private static void rows(InputStream xml, List<String> shared, Text text)
      throws XMLStreamException {
    XMLStreamReader r = reader(xml);
    StringBuilder value = new StringBuilder();
    StringBuilder formula = new StringBuilder();
    StringBuilder headers = new StringBuilder();
    try {
      String current = "";
      String cellType = null;
      boolean cellsInRow = false;
      int phonetic = 0;
      while (r.hasNext()) {
        switch (r.next()) {
          case XMLStreamConstants.START_ELEMENT -> {
            current = r.getLocalName();
            switch (current) {
              case "c" -> {
                cellType = r.getAttributeValue(null, "t");
                value.setLength(0);
                formula.setLength(0);
              }
              case "rPh" -> phonetic++;
              default -> {}
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            switch (r.getLocalName()) {
              case "c" -> {
                String v = cellValue(cellType, value, shared);
                if (!v.isEmpty() || formula.length() > 0) {
                  if (cellsInRow) {
                    text.append('\t');
                  }
                  text.append(v);
                  if (formula.length() > 0) {
                    text.append(v.isEmpty() ? "" : "\t");
                    text.append(formula);
                  }
                  cellsInRow = true;
                }
              }
              case "row" -> {
                text.endLine();
                cellsInRow = false;
              }
              case "rPh" -> phonetic--;
              default -> {
                if (HEADERS_FOOTERS.contains(r.getLocalName())) {
                  headers.append('\n');
                }
              }
            }
            current = "";
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            switch (current) {
              case "v" -> value.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
              case "t" -> {
                if (phonetic == 0) {
                  value.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                }
              }
              case "f" ->
                  formula.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
              default -> {
                if (HEADERS_FOOTERS.contains(current)) {
                  headers.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
                }
              }
            }
          }
          default -> {}
        }
      }
    } finally {
      r.close();
    }
    text.endLine();
    for (String line : headers.toString().split("\n")) {
      String plain = HEADER_CODES.matcher(line.replace("&&", "\u0000")).replaceAll(" ");
      text.append(plain.replace('\u0000', '&').strip());
      text.endLine();
    }
  }

  private static String cellValue(String type, StringBuilder value, List<String> shared) {
    String v = value.toString();
    if ("s".equals(type)) {
      try {
        int i = Integer.parseInt(v.strip());
        return i >= 0 && i < shared.size() ? shared.get(i) : "";
      } catch (NumberFormatException e) {
        return v;
      }
    }
    if (type == null || "n".equals(type)) {
      return plainNumber(v);
    }
    if ("b".equals(type)) {
      return switch (v.strip()) {
        case "1" -> "TRUE";
        case "0" -> "FALSE";
        default -> v;
      };
    }
    return v;
  }

  /**
   * A number as a person reads it: POI and other writers store {@code 123456789012} as {@code
   * 1.23456789012E11}, and an account id or a PIN should be found as its digits.
   */
  private static String plainNumber(String v) {
    if (v.indexOf('E') < 0 && v.indexOf('e') < 0) {
      return v;
    }
    try {
      BigDecimal d = new BigDecimal(v.strip());
      return Math.abs(d.scale()) <= 30 ? d.stripTrailingZeros().toPlainString() : v;
    } catch (NumberFormatException e) {
      return v;
    }
  }

  /**
   * Hands each embedded file ({@code word/embeddings/...}, {@code xl/embeddings/...}) to the
   * extraction, named by its path in the package.
   */
  private static void embeddings(Package pkg, String member, int depth, Extraction x)
      throws Budget.LimitReached {
    for (String name : pkg.names()) {
      if (!name.contains("/embeddings/")) {
        continue;
      }
      String path = Extraction.join(member, name);
      byte[] data;
      try {
        data = pkg.member(name, x);
      } catch (Budget.LimitReached l) {
        throw l;
      } catch (IOException | RuntimeException e) {
        x.skip(path, Skipped.Reason.CORRUPT, Extraction.message(e));
        continue;
      }
      if (data != null) {
        x.embedded(data, path, name, depth + 1);
      }
    }
  }

  private static void skipElement(XMLStreamReader r) throws XMLStreamException {
    int depth = 1;
    while (depth > 0 && r.hasNext()) {
      int e = r.next();
      if (e == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (e == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }

  /**
   * A reader that resolves no DTD and no external entity: a package's XML needs neither, and a
   * document from a repository is untrusted input.
   */
  private static XMLStreamReader reader(InputStream xml) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return f.createXMLStreamReader(xml);
  }

  /** slide2.xml before slide10.xml: digit runs compare as numbers. */
  static int naturalOrder(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c =
            na.length() != nb.length()
                ? Integer.compare(na.length(), nb.length())
                : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The text read so far, within the document's share of the extraction budget. */
  private static final class Text {
    private final long maxChars;
    private final StringBuilder sb = new StringBuilder();

    Text(long maxChars) {
      this.maxChars = maxChars;
    }

    void append(char c) {
      sb.append(c);
      check();
    }

    void append(CharSequence s) {
      sb.append(s);
      check();
    }

    void append(char[] chars, int start, int length) {
      sb.append(chars, start, length);
      check();
    }

    int length() {
      return sb.length();
    }

    void truncate(int length) {
      sb.setLength(length);
    }

    /** Ends the line, unless it is empty: blank paragraphs would only push later lines down. */
    void endLine() {
      int n = sb.length();
      if (n > 0 && sb.charAt(n - 1) != '\n') {
        sb.append('\n');
      }
    }

    private void check() {
      if (sb.length() > maxChars) {
        throw new TextTooLong(maxChars);
      }
    }

    long max() {
      return maxChars;
    }

    void emit(String member, Extraction x) {
      if (sb.length() > maxChars) {
        sb.setLength((int) maxChars);
      }
      String s = sb.toString();
      if (!s.isBlank()) {
        x.emit(new Segment(member, s, null, null, null));
      }
    }
  }

  /** The package's zip, its parts read through the extraction's budget and member size limit. */
  private static final class Package implements AutoCloseable {
    private final ZipFile zip;
    private final String member;
    private final Map<String, ZipArchiveEntry> entries = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    private Package(ZipFile zip, String member) {
      this.zip = zip;
      this.member = member;
      for (Enumeration<ZipArchiveEntry> en = zip.getEntriesInPhysicalOrder();
          en.hasMoreElements(); ) {
        ZipArchiveEntry e = en.nextElement();
        if (!e.isDirectory()) {
          String name = e.getName().startsWith("/") ? e.getName().substring(1) : e.getName();
          entries.putIfAbsent(name.toLowerCase(Locale.ROOT), e);
          names.add(name);
        }
      }
    }

    static Package open(byte[] bytes, String member) throws IOException {
      return new Package(
          ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get(),
          member);
    }

    List<String> names() {
      return names;
    }

    /**
     * Part names (with their leading slash) and content types: the overrides, and the defaults by
     * extension for the rest.
     */
    Map<String, String> contentTypes(Extraction x) throws IOException, XMLStreamException {
      Map<String, String> defaults = new HashMap<>();
      Map<String, String> types = new HashMap<>();
      try (InputStream xml = part(CONTENT_TYPES, x)) {
        if (xml == null) {
          throw new IOException("no " + CONTENT_TYPES);
        }
        XMLStreamReader r = reader(xml);
        try {
          while (r.hasNext()) {
            if (r.next() != XMLStreamConstants.START_ELEMENT) {
              continue;
            }
            String type = r.getAttributeValue(null, "ContentType");
            if (type == null) {
              continue;
            }
            if ("Override".equals(r.getLocalName())) {
              String part = r.getAttributeValue(null, "PartName");
              if (part != null) {
                types.put(part.startsWith("/") ? part : "/" + part, type);
              }
            } else if ("Default".equals(r.getLocalName())) {
              String ext = r.getAttributeValue(null, "Extension");
              if (ext != null) {
                defaults.put(ext.toLowerCase(Locale.ROOT), type);
              }
            }
          }
        } finally {
          r.close();
        }
      }
      for (String name : names) {
        String type = defaults.get(ContentKind.extension(name));
        if (type != null) {
          types.putIfAbsent("/" + name, type);
        }
      }
      return types;
    }

    /**
     * A part by its name in the package ({@code /word/document.xml}), null when absent: a stream,
     * charged to the budget as it is read, so that a bomb stops at the limit and a large sheet is
     * read for its text without being held whole (the text has its own limit).
     */
    InputStream part(String partName, Extraction x) throws IOException {
      ZipArchiveEntry e = entry(partName);
      return e == null ? null : new CountingStream(zip.getInputStream(e), x.budget);
    }

    /**
     * An embedded file's bytes, read within the member size limit (a larger one is reported at its
     * path in the document and gives null).
     */
    byte[] member(String name, Extraction x) throws IOException {
      ZipArchiveEntry e = entry(name);
      if (e == null) {
        return null;
      }
      try (InputStream in = new CountingStream(zip.getInputStream(e), x.budget)) {
        return x.readMember(in, Extraction.join(member, name), e.getSize());
      }
    }

    private ZipArchiveEntry entry(String partName) throws IOException {
      String name = partName.startsWith("/") ? partName.substring(1) : partName;
      ZipArchiveEntry e = entries.get(name.toLowerCase(Locale.ROOT));
      if (e != null && (e.getGeneralPurposeBit().usesEncryption() || !zip.canReadEntryData(e))) {
        throw new IOException("cannot read " + name);
      }
      return e;
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
