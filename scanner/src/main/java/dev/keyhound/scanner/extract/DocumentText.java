package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.util.List;
import java.util.Objects;

/**
 * What parsing a document gave: its text (page by page where the format has pages), or why there is
 * none.
 */
sealed interface DocumentText {

  /**
   * The text; {@code paged} when each entry is one page (PDF), else a single entry for the whole
   * document; the files attached to it, to be read at their own path; and {@code cutAt}, the limit
   * the text reached when it was longer (what is here is its first {@code cutAt} characters, to be
   * scanned and the rest reported), else -1.
   */
  record Text(List<String> pages, boolean paged, List<Attachment> attachments, long cutAt)
      implements DocumentText {
    public Text {
      pages = List.copyOf(pages);
      attachments = List.copyOf(attachments);
      if (cutAt < -1) {
        throw new IllegalArgumentException("cutAt must be a limit or -1: " + cutAt);
      }
    }

    Text(List<String> pages, boolean paged) {
      this(pages, paged, List.of(), -1);
    }
  }

  /**
   * A file attached to the document, by its name there; null bytes for one over the size limits.
   */
  record Attachment(String name, byte[] bytes) {
    public Attachment {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A document this reader leaves to Tika (a PDF whose text is in an XFA form). */
  record ForTika() implements DocumentText {}

  /** The document could not be read, with the skip reason to report. */
  record Failed(Skipped.Reason reason, String detail) implements DocumentText {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
