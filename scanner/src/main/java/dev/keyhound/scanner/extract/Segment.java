package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.detect.LineIndex;
import java.util.Objects;

/**
 * Text extracted from a blob: the blob's own text ({@code member} null) or that of a member inside
 * it ({@code inner/a.env}, {@code inner.zip!a.env}), to be scanned as a file of its own. A value:
 * equal, hashed and printed as the record of member, text, page, cell and origin it was.
 *
 * <p>The detector and the search for encoded runs read the text's chars. A text decoded from bytes
 * has its chars only, and its string is made when first asked for ({@link #text}): most texts never
 * need one (a rule's regex runs on the few lines around a keyword), and making it copied every text
 * a second time, compressing it to Latin-1 or failing to (17% of what a history scan allocated).
 */
public final class Segment {
  private final String member;
  private final Integer page;
  private final Integer cell;
  private final Origin encodedAt;
  private final char[] chars;

  /**
   * The text is {@code chars[0, length)}. A text decoded from bytes may have chars past it: UTF-8
   * that is not all ASCII decodes to fewer chars than bytes, and a text decoded for a {@link
   * TransientSegments} sink is in a buffer its thread reuses for the next text.
   */
  private final int length;

  /**
   * The text as a string, once made (or given). Set at most once to equal strings, so a race only
   * makes one twice; a String is immutable, so it is safe to publish without a lock.
   */
  private String text;

  /**
   * @param page 1-based page of a paged document (PDF), else null
   * @param cell 1-based cell of a Jupyter notebook, else null
   * @param encodedAt where the encoded run this text was decoded from sits in the enclosing text,
   *     else null; findings in this text are reported at that position
   * @param chars the text's chars (taken from it when null): shared, not copied, so never written
   *     to
   */
  public Segment(
      String member, String text, Integer page, Integer cell, Origin encodedAt, char[] chars) {
    Objects.requireNonNull(text, "text");
    if (chars == null) {
      chars = text.toCharArray();
    } else if (chars.length != text.length()) {
      throw new IllegalArgumentException(
          "chars must be the text's: " + chars.length + " chars for a text of " + text.length());
    }
    if (page != null && page < 1) {
      throw new IllegalArgumentException("page is 1-based: " + page);
    }
    if (cell != null && cell < 1) {
      throw new IllegalArgumentException("cell is 1-based: " + cell);
    }
    this.member = member;
    this.text = text;
    this.page = page;
    this.cell = cell;
    this.encodedAt = encodedAt;
    this.chars = chars;
    this.length = chars.length;
  }

  public Segment(String member, String text, Integer page, Integer cell, Origin encodedAt) {
    this(member, text, page, cell, encodedAt, null);
  }

  public Segment(String member, String text) {
    this(member, text, null, null, null, null);
  }

  /** A blob's or member's decoded text, {@code chars[0, length)} only (shared, never written). */
  private Segment(String member, char[] chars, int length) {
    if (length < 0 || length > chars.length) {
      throw new IllegalArgumentException(
          "length " + length + " outside the " + chars.length + " chars given");
    }
    this.member = member;
    this.page = null;
    this.cell = null;
    this.encodedAt = null;
    this.chars = chars;
    this.length = length;
  }

  /**
   * The text {@code chars[0, length)} (shared, never written to), its string made when asked for.
   */
  static Segment ofChars(String member, char[] chars, int length) {
    return new Segment(member, chars, length);
  }

  public String member() {
    return member;
  }

  /** The text, made from its chars on the first call when it was given as chars only. */
  public String text() {
    String t = text;
    if (t == null) {
      t = new String(chars, 0, length);
      text = t;
    }
    return t;
  }

  /**
   * The text as a string if there is one already, else null (and {@link #chars} are the text): for
   * a reader that needs a string only now and then, and makes it then.
   */
  public String textIfMade() {
    return text;
  }

  public Integer page() {
    return page;
  }

  public Integer cell() {
    return cell;
  }

  public Origin encodedAt() {
    return encodedAt;
  }

  /**
   * The text's chars, which the detector and the search for encoded runs read: shared, not copied,
   * so never written to. The text is {@code chars()[0, length())}; the array may be longer.
   */
  public char[] chars() {
    return chars;
  }

  /** How many of {@link #chars} are the text. */
  public int length() {
    return length;
  }

  /**
   * Equal when member, text, page, cell and origin are: the chars follow from the text, and an
   * array's equals would compare identities.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Segment s
        && Objects.equals(member, s.member)
        && text().equals(s.text())
        && Objects.equals(page, s.page)
        && Objects.equals(cell, s.cell)
        && Objects.equals(encodedAt, s.encodedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(member, text(), page, cell, encodedAt);
  }

  @Override
  public String toString() {
    return "Segment[member="
        + member
        + ", text="
        + text()
        + ", page="
        + page
        + ", cell="
        + cell
        + ", encodedAt="
        + encodedAt
        + "]";
  }

  /** The same place, other text: what an encoded run inside this segment decodes to. */
  public Segment decoded(String decodedText, Origin at) {
    return new Segment(member, decodedText, page, cell, at);
  }

  /**
   * The 1-based line and column of an encoded run, and how it was encoded ({@code base64}, {@code
   * percent}). A run the scan finds has its line and column counted when first asked: only runs
   * whose decoded text holds a finding are asked, and counting the line feeds up to every run took
   * another pass over most texts with one (1.3% of a history scan's CPU). Equal, hashed and printed
   * as a record of the three.
   */
  public static final class Origin {
    private final String encoding;
    private int line;
    private int column;

    /** Where the line and column are still to be counted, until they are; then null. */
    private LineIndex lines;

    private final int offset;

    public Origin(int line, int column, String encoding) {
      if (line < 1 || column < 1) {
        throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
      }
      this.line = line;
      this.column = column;
      this.encoding = Objects.requireNonNull(encoding, "encoding");
      this.offset = -1;
    }

    /**
     * The run at {@code offset} of the text {@code lines} indexes, its line and column counted when
     * asked (the runs of one text share its index).
     */
    Origin(LineIndex lines, int offset, String encoding) {
      this.lines = Objects.requireNonNull(lines, "lines");
      this.offset = offset;
      this.encoding = Objects.requireNonNull(encoding, "encoding");
    }

    public synchronized int line() {
      resolve();
      return line;
    }

    public synchronized int column() {
      resolve();
      return column;
    }

    public String encoding() {
      return encoding;
    }

    /** Counts the line and column now, and lets go of the text's chars; returns this. */
    public synchronized Origin resolved() {
      resolve();
      return this;
    }

    private void resolve() {
      if (lines != null) {
        synchronized (lines) {
          line = lines.line(offset);
          column = lines.column(offset);
        }
        lines = null;
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Origin other
          && line() == other.line()
          && column() == other.column()
          && encoding.equals(other.encoding);
    }

    @Override
    public int hashCode() {
      return Objects.hash(line(), column(), encoding);
    }

    @Override
    public String toString() {
      return "Origin[line=" + line() + ", column=" + column() + ", encoding=" + encoding + "]";
    }
  }
}
