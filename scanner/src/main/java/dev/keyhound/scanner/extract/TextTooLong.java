package dev.keyhound.scanner.extract;

/**
 * A document's text passed its share of the budget, said as Tika's path says it ({@link
 * PageCollector.TooMuchText}, a SAX exception for Tika's handler): thrown by the readers that
 * collect text themselves.
 */
final class TextTooLong extends RuntimeException {
  TextTooLong(long max) {
    super(message(max), null, false, false);
  }

  static String message(long max) {
    return "document text longer than " + max + " characters";
  }

  /** What every reader reports for a document whose text it cut at {@code max} characters. */
  static String scannedStart(long max) {
    return message(max) + "; the first " + max + " scanned";
  }
}
