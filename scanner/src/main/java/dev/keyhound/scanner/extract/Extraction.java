package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The extraction of one top-level blob: dispatches each piece of content by kind, recursing into
 * archive members, and keeps the budget and the skips of that blob.
 */
final class Extraction {
  /**
   * A 42.zip-style file could name thousands of unopened members: list this many, then count the
   * rest.
   */
  static final int MAX_LISTED_SKIPS = 100;

  final ExtractionLimits limits;
  final Budget budget;
  private final String location;
  private final Consumer<Segment> segments;

  /** Whether decoded text may lend its thread's buffer: the sink keeps no segment. */
  private final boolean lend;

  private final Consumer<Skipped> skipped;
  private int listed;
  private int unlisted;

  Extraction(
      ExtractionLimits limits,
      String location,
      long size,
      Consumer<Segment> segments,
      Consumer<Skipped> skipped) {
    this.limits = limits;
    this.budget = new Budget(limits, size);
    this.location = location;
    this.segments = segments;
    this.lend = segments instanceof TransientSegments;
    this.skipped = skipped;
  }

  /**
   * Extracts the top-level content; a limit reached ends it with one skip, keeping what was
   * scanned.
   */
  void run(byte[] bytes) {
    try {
      content(bytes, null, location, 0);
    } catch (Budget.LimitReached e) {
      skip(null, Skipped.Reason.LIMIT, e.getMessage() + "; extraction stopped");
    }
    if (unlisted > 0) {
      skipped.accept(
          new Skipped(
              location, Skipped.Reason.LIMIT, unlisted + " more skipped members not listed"));
    }
  }

  /**
   * Scans one piece of content: {@code member} is its path inside the top-level blob (null for the
   * blob).
   */
  void content(byte[] bytes, String member, String name, int depth) throws Budget.LimitReached {
    ContentKind kind = ContentKind.of(bytes, name);
    switch (kind) {
      case TEXT -> text(bytes, member);
      case NOTEBOOK -> Notebooks.extract(bytes, member, this);
      case DOCUMENT -> {
        if (!OfficeXml.extract(bytes, member, depth, this)) {
          Documents.extract(bytes, name, member, depth, this);
        }
      }
      case ZIP, TAR, GZIP, BZIP2, XZ -> {
        if (depth >= limits.maxArchiveDepth()) {
          skip(
              member,
              Skipped.Reason.LIMIT,
              "archive nested deeper than --max-archive-depth "
                  + limits.maxArchiveDepth()
                  + ", not opened");
        } else {
          Archives.open(kind, bytes, member, name, depth, this);
        }
      }
    }
  }

  /**
   * Scans a file embedded in a document (attached to a PDF, embedded in a Word file) at {@code
   * depth}, the document's own depth plus one; one nested deeper than {@code --max-archive-depth}
   * is reported and not read, as an archive would be, so that a chain of documents each holding the
   * next ends there.
   */
  void embedded(byte[] bytes, String path, String name, int depth) throws Budget.LimitReached {
    if (depth > limits.maxArchiveDepth()) {
      skip(
          path,
          Skipped.Reason.LIMIT,
          "embedded file nested deeper than --max-archive-depth "
              + limits.maxArchiveDepth()
              + ", not read");
      return;
    }
    content(bytes, path, name, depth);
  }

  /**
   * How much text a document read now may give: a member's size, and no more than the budget has
   * left.
   */
  long textLimit() {
    return Math.min(limits.maxMemberSize(), budget.remaining());
  }

  /** Decodes and emits text, or notes the content as binary. */
  void text(byte[] bytes, String member) {
    TextDecoding.decode(
        bytes,
        lend,
        text -> {
          if (text == null) {
            skip(member, Skipped.Reason.BINARY, "");
          } else {
            emit(text.segment(member), text.noEscapeBefore(), text.ascii());
          }
        });
  }

  /** Hands a segment to the scan, then whatever its encoded runs decode to. */
  void emit(Segment segment) {
    emit(segment, 0, null);
  }

  /**
   * As {@link #emit(Segment)}, for a text known to hold no percent escape before {@code
   * escapeFrom}, with its bytes when they are all ASCII (else null).
   */
  private void emit(Segment segment, int escapeFrom, byte[] ascii) {
    segments.accept(segment);
    EncodedValues.expand(segment, escapeFrom, ascii, limits.maxDecodeDepth(), segments);
  }

  /**
   * Reads a member fully, up to the member-size limit (what bounds memory); returns null after
   * noting a member that is too large.
   */
  byte[] readMember(InputStream in, String member) throws IOException {
    return readMember(in, member, -1);
  }

  /**
   * As {@link #readMember(InputStream, String)}, for a member its archive says is {@code declared}
   * bytes long (-1: it does not say): read into one array of that size rather than a buffer grown
   * from 8 KiB by doubling and copied to size at the end, which allocated and copied about three
   * times the member. A member that is longer than it declared is read on as one that declared
   * nothing: the bytes, the limits and the skips are those of the plain read.
   */
  byte[] readMember(InputStream in, String member, long declared) throws IOException {
    long cap = limits.maxMemberSize();
    byte[] buf;
    int n = 0;
    if (declared >= 0 && declared <= cap && declared < Integer.MAX_VALUE - 8) {
      buf = new byte[(int) declared];
      n = in.readNBytes(buf, 0, buf.length);
      if (n < buf.length) {
        return Arrays.copyOf(buf, n);
      }
      int more = in.read();
      if (more < 0) {
        return buf;
      }
      buf = Arrays.copyOf(buf, n + 1);
      buf[n++] = (byte) more;
    } else {
      buf = new byte[(int) Math.min(8192, cap + 1)];
    }
    while (true) {
      if (n == buf.length) {
        int next = (int) Math.min(cap + 1, Math.min((long) n * 2, Integer.MAX_VALUE - 8));
        if (n > cap || next == n) {
          skip(member, Skipped.Reason.TOO_LARGE, "member larger than " + cap + " bytes");
          return null;
        }
        buf = Arrays.copyOf(buf, next);
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
      }
      n += r;
    }
  }

  /** Reports a skip at {@code outer!member} (the blob's own location for a null member). */
  void skip(String member, Skipped.Reason reason, String detail) {
    if (listed >= MAX_LISTED_SKIPS) {
      unlisted++;
      return;
    }
    listed++;
    skipped.accept(
        new Skipped(member == null ? location : location + "!" + member, reason, detail));
  }

  /** A member's path: nested members are joined with {@code !}. */
  static String join(String parent, String name) {
    return parent == null ? name : parent + "!" + name;
  }

  /** One line for a failure, naming its kind and message. */
  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }
}
