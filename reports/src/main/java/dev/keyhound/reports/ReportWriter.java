package dev.keyhound.reports;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a report in one format. Writers never print a raw secret unless {@link
 * Report#showSecrets()}.
 */
public interface ReportWriter {
  void write(Report report, Writer out) throws IOException;
}
