package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ServeLogTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T06:00:00Z"), ZoneOffset.UTC);

  @Test
  void text_isTheContractLine() {
    StringWriter out = new StringWriter();
    new ServeLog(new PrintWriter(out), ServeLog.Format.TEXT, CLOCK)
        .accept("listening on 127.0.0.1:8902");
    assertEquals(
        "keyhound serve: listening on 127.0.0.1:8902" + System.lineSeparator(), out.toString());
  }

  @Test
  void json_isOneObjectPerLineForLogPipelines() throws Exception {
    StringWriter out = new StringWriter();
    new ServeLog(new PrintWriter(out), ServeLog.Format.JSON, CLOCK)
        .accept("listening on 127.0.0.1:8902");
    JsonNode n = new ObjectMapper().readTree(out.toString());
    assertEquals("2026-11-29T06:00:00Z", n.get("time").asText());
    assertEquals("info", n.get("level").asText());
    assertEquals("listening on 127.0.0.1:8902", n.get("msg").asText());
  }

  @Test
  void serve_withAnUnknownLogFormatIsAUsageError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"serve", "--log-format", "xml"},
            new PrintWriter(out),
            new PrintWriter(err));
    assertEquals(ExitCode.USAGE.code(), code);
    assertEquals("keyhound: --log-format must be text or json: xml", err.toString().strip());
  }
}
