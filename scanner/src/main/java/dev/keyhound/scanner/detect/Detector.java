package dev.keyhound.scanner.detect;

import java.util.List;

/**
 * Finds rule matches in text. Results are path-independent (path rules and allowlists are applied
 * per provenance by {@link CandidateFilter}), so a blob seen under many paths is scanned once.
 */
public interface Detector {

  /** Every candidate in the text, ordered by start offset, then rule order. */
  List<Candidate> detect(String text);

  /**
   * As {@link #detect(String)}, given the text's chars (read, never written), so that a detector
   * that works on chars need not copy them again from the string.
   *
   * @param text the text as a string, or null when there is none yet: the chars are the text, and a
   *     detector that needs a string makes it
   */
  default List<Candidate> detect(String text, char[] chars) {
    return detect(text, chars, chars.length);
  }

  /**
   * As {@link #detect(String, char[])}, the text being {@code chars[0, length)}: the array may be
   * longer (a buffer reused from text to text), and what follows the text in it is not read.
   */
  default List<Candidate> detect(String text, char[] chars, int length) {
    return detect(text != null ? text : new String(chars, 0, length));
  }

  /**
   * Called when a scan has read everything: a detector may keep what it built for the next run (see
   * {@link SavedPlans}). Errors are its own to swallow.
   */
  default void scanEnded() {}
}
