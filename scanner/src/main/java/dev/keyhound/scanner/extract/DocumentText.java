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
   * document.
   */
  record Text(List<String> pages, boolean paged) implements DocumentText {
    public Text {
      pages = List.copyOf(pages);
    }
  }

  /** The document could not be read, with the skip reason to report. */
  record Failed(Skipped.Reason reason, String detail) implements DocumentText {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
