package dev.keyhound.scanner.extract;

/**
 * A document's text passed its share of the budget, said as Tika's path says it ({@link
 * PageCollector.TooMuchText}, a SAX exception for Tika's handler): thrown by the readers that
 * collect text themselves.
 */
final class TextTooLong extends RuntimeException {
  TextTooLong(long max) {
    super("document text longer than " + max + " characters", null, false, false);
  }
}
