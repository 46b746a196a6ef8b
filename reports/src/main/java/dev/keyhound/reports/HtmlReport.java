package dev.keyhound.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One self-contained HTML page for security teams: summary charts, a sortable and filterable table
 * of findings with their occurrences, redacted values only. CSS, script and data are inline; a
 * Content-Security-Policy forbids every network request and lets only the page's own script (by
 * hash) run, so a hostile path in the data can neither load anything nor execute.
 */
public final class HtmlReport implements ReportWriter {
  private static final String TEMPLATE = resource("report.html");
  private static final String CSS = resource("report.css");
  private static final String SCRIPT = resource("report.js");
  private static final String DATA_TOKEN = "{{DATA}}";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER.getFactory().setCharacterEscapes(new ScriptSafeEscapes());
    MAPPER.getFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  @Override
  public void write(Report report, Writer out) throws IOException {
    String page =
        TEMPLATE
            .replace(
                "{{CSP}}",
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '"
                    + sha256(SCRIPT)
                    + "'")
            .replace("{{CSS}}", CSS)
            .replace("{{SCRIPT}}", SCRIPT);
    // The data goes in last, by position, so nothing in it is ever read as a template token.
    int at = page.indexOf(DATA_TOKEN);
    out.write(page, 0, at);
    out.write(MAPPER.writeValueAsString(HtmlData.build(MAPPER, report)));
    out.write(page, at + DATA_TOKEN.length(), page.length() - at - DATA_TOKEN.length());
    out.flush();
  }

  private static String sha256(String script) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + name + " next to " + HtmlReport.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Escapes what could end the data's {@code <script>} element or start markup ({@code < > &}) as
   * {@code \\uXXXX}: the page still parses the same JSON value.
   */
  private static final class ScriptSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] table = standardAsciiEscapesForJSON();

    ScriptSafeEscapes() {
      table['<'] = ESCAPE_STANDARD;
      table['>'] = ESCAPE_STANDARD;
      table['&'] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }
}
