package dev.keyhound.scanner.extract;

/**
 * The content extractors a scan can use: everything keyhound reads inside files, or plain text
 * only.
 */
public final class Extractors {
  private Extractors() {}

  /** Archives, documents, notebooks, encoded values and UTF-16 text, within the limits given. */
  public static ContentExtractor create(ExtractionLimits limits) {
    return new DeepExtractor(limits);
  }

  /** Plain text only ({@code --no-extract}): what a line-based scanner reads. */
  public static ContentExtractor plainText() {
    return new TextExtractor();
  }
}
