package dev.keyhound.reports;

import java.util.List;
import java.util.Locale;

/**
 * The report formats, each with the writer that produces it and the file extensions that select it.
 */
public enum ReportFormat {
  TEXT(List.of("txt"), List.of()),
  JSON(List.of("json"), List.of()),
  SARIF(List.of("sarif", "sarif.json"), List.of()),
  JSONL(List.of("jsonl", "ndjson"), List.of()),
  CSV(List.of("csv"), List.of()),
  JUNIT(List.of("xml"), List.of("junit", "xml")),
  HTML(List.of("html", "htm"), List.of());

  private final List<String> extensions;
  private final List<String> aliases;

  ReportFormat(List<String> extensions, List<String> aliases) {
    this.extensions = extensions;
    this.aliases = aliases;
  }

  /** The usual file extension of this format, without the dot. */
  public String extension() {
    return extensions.get(0);
  }

  /** The name to give on the command line ({@code --format sarif}). */
  public String formatName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A writer for this format. */
  public ReportWriter writer(boolean colour) {
    return switch (this) {
      case TEXT -> new TextReport(colour);
      case JSON -> new JsonReport();
      case SARIF -> new SarifReport();
      case JSONL -> new JsonLinesReport();
      case CSV -> new CsvReport();
      case JUNIT -> new JunitReport();
      case HTML -> new HtmlReport();
    };
  }

  /** The format a report file's name asks for, or null; the longest matching extension wins. */
  public static ReportFormat forFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    ReportFormat best = null;
    int bestLength = 0;
    for (ReportFormat f : values()) {
      for (String ext : f.extensions) {
        if (lower.endsWith("." + ext) && ext.length() > bestLength) {
          best = f;
          bestLength = ext.length();
        }
      }
    }
    return best;
  }

  /**
   * The format named on the command line ({@code text}, {@code json}, {@code junit}, …), or null.
   */
  public static ReportFormat named(String name) {
    // Loops, not a stream with a lambda: this runs on every scan's start, where linking the
    // lambda's call site cost ~5 ms of the main thread.
    for (ReportFormat f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
      for (String a : f.aliases) {
        if (a.equalsIgnoreCase(name)) {
          return f;
        }
      }
    }
    return null;
  }

  /** The names {@link #named} accepts, for help and error messages. */
  public static String names() {
    return "text, json, sarif, jsonl, csv, junit (or xml), html";
  }
}
