package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.detect.LineIndex;
import java.util.Objects;

/**
 * Text extracted from a blob: the blob's own text ({@code member} null) or that of a member inside
 * it ({@code inner/a.env}, {@code inner.zip!a.env}), to be scanned as a file of its own.
 *
 * @param page 1-based page of a paged document (PDF), else null
 * @param cell 1-based cell of a Jupyter notebook, else null
 * @param encodedAt where the encoded run this text was decoded from sits in the enclosing text,
 *     else null; findings in this text are reported at that position
 * @param chars the text's chars (taken from it when null), which the detector and the search for
 *     encoded runs read: shared, not copied, so never written to. Decoding bytes straight to them
 *     spares a second pass over the text.
 */
public record Segment(
    String member, String text, Integer page, Integer cell, Origin encodedAt, char[] chars) {
  public Segment {
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
  }

  public Segment(String member, String text, Integer page, Integer cell, Origin encodedAt) {
    this(member, text, page, cell, encodedAt, null);
  }

  public Segment(String member, String text) {
    this(member, text, null, null, null, null);
  }

  /**
   * Equal when member, text, page, cell and origin are: the chars follow from the text, and an
   * array's equals would compare identities.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Segment s
        && Objects.equals(member, s.member)
        && text.equals(s.text)
        && Objects.equals(page, s.page)
        && Objects.equals(cell, s.cell)
        && Objects.equals(encodedAt, s.encodedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(member, text, page, cell, encodedAt);
  }

  @Override
  public String toString() {
    return "Segment[member="
        + member
        + ", text="
        + text
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
