package dev.keyhound.scanner.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Collects the text of Tika's XHTML events, starting a new page at each {@code <div class="page">}
 * (how Tika marks PDF pages) and ending block elements and table cells with a separator so that
 * cell values do not run together.
 */
final class PageCollector extends DefaultHandler {
  private static final Set<String> LINE_ENDS =
      Set.of(
          "p", "div", "tr", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table",
          "title");
  private static final Set<String> CELL_ENDS = Set.of("td", "th");

  private final long maxChars;
  private final List<StringBuilder> pages = new ArrayList<>();
  private boolean paged;
  private boolean inBody;
  private long chars;

  /** The text reached the limit: what the pages hold is its start. */
  private boolean cut;

  PageCollector(long maxChars) {
    this.maxChars = maxChars;
    pages.add(new StringBuilder());
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts) {
    if ("body".equals(localName)) {
      inBody = true;
    }
    if ("div".equals(localName) && "page".equals(atts.getValue("class"))) {
      if (paged || current().length() > 0) {
        pages.add(new StringBuilder());
      }
      paged = true;
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    if ("body".equals(localName)) {
      inBody = false;
    }
    if (LINE_ENDS.contains(localName)) {
      separate('\n');
    } else if (CELL_ENDS.contains(localName)) {
      separate('\t');
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    // The head holds metadata, not the text a reader sees: counting its lines would shift every
    // line number.
    if (!inBody) {
      return;
    }
    long room = maxChars - chars;
    if (length > room) {
      // The text up to the limit is kept, to be scanned; the parse stops here.
      current().append(ch, start, (int) room);
      chars = maxChars;
      cut = true;
      throw new TooMuchText(maxChars);
    }
    chars += length;
    current().append(ch, start, length);
  }

  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
    // Tika's layout newlines follow the separators added above; doubling them, or putting them
    // before a
    // page's first text, would shift line numbers away from what a reader counts.
    StringBuilder sb = current();
    if (sb.length() > 0 && !Character.isWhitespace(sb.charAt(sb.length() - 1))) {
      characters(ch, start, length);
    }
  }

  private void separate(char c) throws SAXException {
    StringBuilder sb = current();
    if (sb.length() > 0 && !Character.isWhitespace(sb.charAt(sb.length() - 1))) {
      characters(new char[] {c}, 0, 1);
    }
  }

  private StringBuilder current() {
    return pages.get(pages.size() - 1);
  }

  DocumentText.Text text() {
    return new DocumentText.Text(
        pages.stream().map(StringBuilder::toString).toList(),
        paged,
        List.of(),
        cut ? maxChars : -1);
  }

  /** Whether the text reached the limit (and the parse was stopped there). */
  boolean cut() {
    return cut;
  }

  /** The document's text passed the extraction budget: stops the parse. */
  static final class TooMuchText extends SAXException {
    TooMuchText(long max) {
      super(TextTooLong.message(max));
    }
  }
}
