package dev.keyhound.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.keyhound.scanner.Finding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;

/**
 * JSON Lines: one {@code keyhound/v1} finding object per line, for log pipelines; no header, no
 * summary.
 */
public final class JsonLinesReport implements ReportWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public void write(Report report, Writer out) throws IOException {
    for (Finding f : report.scan().findings()) {
      // One generator per line: a shared one would put a separator space between root values.
      StringWriter line = new StringWriter();
      try (JsonGenerator g = FACTORY.createGenerator(line)) {
        JsonReport.writeFinding(g, f, report);
      }
      out.write(line.toString());
      out.write('\n');
    }
    out.flush();
  }
}
