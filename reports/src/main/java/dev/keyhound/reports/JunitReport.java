package dev.keyhound.reports;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, so CI systems show leaks as failing tests: one failed test case per finding (classname
 * {@code keyhound.<rule>}), one errored test case per unreadable input, and one passing case when
 * all is clean.
 */
public final class JunitReport implements ReportWriter {
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  @Override
  public void write(Report report, Writer out) throws IOException {
    ScanResult scan = report.scan();
    List<Skipped> errors = scan.skipped().stream().filter(s -> s.reason().isError()).toList();
    int failures = scan.findings().size();
    int tests = Math.max(1, failures + errors.size());
    String time = String.format(Locale.ROOT, "%.3f", scan.durationMs() / 1000.0);
    try {
      XMLStreamWriter x = FACTORY.createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      nl(x, 0);
      x.writeStartElement("testsuites");
      attr(x, "name", report.toolName());
      attr(x, "tests", tests);
      attr(x, "failures", failures);
      attr(x, "errors", errors.size());
      attr(x, "time", time);
      nl(x, 1);
      x.writeStartElement("testsuite");
      attr(x, "name", report.toolName() + " scan");
      attr(x, "tests", tests);
      attr(x, "failures", failures);
      attr(x, "errors", errors.size());
      attr(x, "skipped", 0);
      attr(x, "time", time);
      attr(
          x,
          "timestamp",
          DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
              report
                  .generatedAt()
                  .truncatedTo(ChronoUnit.SECONDS)
                  .atOffset(ZoneOffset.UTC)
                  .toLocalDateTime()));
      nl(x, 2);
      x.writeStartElement("properties");
      property(x, "tool.version", report.toolVersion());
      property(x, "targets", String.join(" ", scan.targets()));
      nl(x, 2);
      x.writeEndElement();
      for (Finding f : scan.findings()) {
        finding(x, report, f);
      }
      for (Skipped s : errors) {
        nl(x, 2);
        x.writeStartElement("testcase");
        attr(x, "classname", "keyhound.unreadable");
        attr(x, "name", s.location());
        attr(x, "time", "0");
        nl(x, 3);
        x.writeStartElement("error");
        attr(x, "message", s.describe());
        attr(x, "type", s.reason().name().toLowerCase(Locale.ROOT));
        x.writeEndElement();
        nl(x, 2);
        x.writeEndElement();
      }
      if (tests > failures + errors.size()) {
        nl(x, 2);
        x.writeEmptyElement("testcase");
        attr(x, "classname", "keyhound.scan");
        attr(x, "name", "no leaks found");
        attr(x, "time", time);
      }
      nl(x, 1);
      x.writeEndElement();
      nl(x, 0);
      x.writeEndElement();
      x.writeEndDocument();
      x.flush();
      out.write('\n');
    } catch (XMLStreamException e) {
      throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
    }
    out.flush();
  }

  private static void finding(XMLStreamWriter x, Report report, Finding f)
      throws XMLStreamException {
    Occurrence first = f.occurrences().isEmpty() ? null : f.occurrences().get(0);
    String value = report.showSecrets() ? f.secret() : f.redacted();
    nl(x, 2);
    x.writeStartElement("testcase");
    attr(x, "classname", "keyhound." + f.ruleId());
    attr(
        x,
        "name",
        value
            + (first == null ? "" : " at " + first.provenance().path() + ":" + first.line())
            + " ["
            + f.id()
            + "]");
    if (first != null) {
      attr(x, "file", first.provenance().path());
      attr(x, "line", first.line());
    }
    attr(x, "time", "0");
    nl(x, 3);
    x.writeStartElement("failure");
    attr(
        x,
        "message",
        "Leaked " + (f.description().isEmpty() ? f.ruleId() : f.description()) + ": " + value);
    attr(x, "type", f.ruleId());
    StringBuilder text =
        new StringBuilder("\nFinding ")
            .append(f.id())
            .append(" (")
            .append(f.ruleId())
            .append(")\n");
    for (Occurrence o : f.occurrences()) {
      text.append("  at ")
          .append(o.provenance().path())
          .append(':')
          .append(o.line())
          .append(':')
          .append(o.column());
      Provenance.Git git = Places.git(o);
      if (git != null) {
        text.append("  commit ").append(git.commit());
      }
      text.append('\n');
    }
    text.append(Remediation.help(f.ruleId())).append('\n');
    x.writeCharacters(safe(text.toString()));
    x.writeEndElement();
    nl(x, 2);
    x.writeEndElement();
  }

  private static void property(XMLStreamWriter x, String name, String value)
      throws XMLStreamException {
    nl(x, 3);
    x.writeEmptyElement("property");
    attr(x, "name", name);
    attr(x, "value", value == null ? "" : value);
  }

  private static void attr(XMLStreamWriter x, String name, Object value) throws XMLStreamException {
    x.writeAttribute(name, safe(String.valueOf(value)));
  }

  private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
    x.writeCharacters("\n" + "  ".repeat(depth));
  }

  /**
   * XML 1.0 cannot carry most control characters even escaped; a path could hold one, so replace
   * them.
   */
  static String safe(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || Character.isSurrogate(c);
      if (!ok && b == null) {
        b = new StringBuilder(s.substring(0, i));
      }
      if (b != null) {
        b.append(ok ? c : '\uFFFD');
      }
    }
    return b == null ? s : b.toString();
  }
}
