package dev.keyhound.reports;

import java.util.Locale;

/** The report formats, each with the writer that produces it and the file extension that selects it. */
public enum ReportFormat {
  TEXT("txt"),
  JSON("json");

  private final String extension;

  ReportFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** A writer for this format. */
  public ReportWriter writer(boolean colour) {
    return switch (this) {
      case TEXT -> new TextReport(colour);
      case JSON -> new JsonReport();
    };
  }

  /** The format a report file's name asks for, or null. */
  public static ReportFormat forFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (ReportFormat f : values()) {
      if (lower.endsWith("." + f.extension)) {
        return f;
      }
    }
    return null;
  }

  /** The format named on the command line ({@code text}, {@code json}, …), or null. */
  public static ReportFormat named(String name) {
    for (ReportFormat f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }
}
