package dev.keyhound.scanner.extract;

import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.SAXException;

/**
 * The only class that touches Tika: a holder whose parser is built on first use, so a scan that
 * meets no document never loads Tika (its start-up reads every parser's service entry).
 */
final class TikaParsing {
  private static final Parser PARSER = new AutoDetectParser();

  private TikaParsing() {}

  /**
   * Loads Tika on the calling thread. Called before a parse is timed: an abandoned parse is
   * interrupted, and an interrupt during class initialisation would leave Tika unusable for the
   * rest of the run.
   */
  static void load() {
    java.util.Objects.requireNonNull(PARSER, "parser");
  }

  /** Parses the document, embedded documents included, stopping after {@code maxChars} of text. */
  static DocumentText parse(byte[] bytes, String name, long maxChars) {
    Metadata metadata = new Metadata();
    if (name != null) {
      metadata.set(
          TikaCoreProperties.RESOURCE_NAME_KEY,
          name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('!')) + 1));
    }
    ParseContext context = new ParseContext();
    context.set(Parser.class, PARSER);
    PageCollector handler = new PageCollector(maxChars);
    try (TikaInputStream in = TikaInputStream.get(bytes)) {
      PARSER.parse(in, handler, metadata, context);
      return handler.text();
    } catch (TikaException | SAXException | IOException | RuntimeException | LinkageError e) {
      if (handler.cut()) {
        // The handler stopped the parse at the limit (however a parser wrapped its exception):
        // the text up to it is scanned.
        return handler.text();
      }
      if (encrypted(e)) {
        return new DocumentText.Failed(Skipped.Reason.ENCRYPTED, "password-protected document");
      }
      return new DocumentText.Failed(
          Skipped.Reason.CORRUPT, "unreadable document: " + Extraction.message(e));
    }
  }

  private static boolean encrypted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EncryptedDocumentException
          || t.getClass().getName().endsWith("EncryptedDocumentException")
          || t.getClass().getName().endsWith("InvalidPasswordException")) {
        return true;
      }
    }
    return false;
  }
}
