package dev.keyhound.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.ScanResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Baselines: the findings a team accepts when it adopts keyhound, so only new leaks fail the build.
 * A baseline file holds finding ids (keyed hashes) and optional redacted previews, never a secret;
 * a full {@code keyhound/v1} JSON report is read as a baseline too.
 */
public final class Baseline {
  public static final String SCHEMA = "keyhound-baseline/v1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Baseline() {}

  /** Writes a baseline of every finding in the scan, sorted by id so reruns give the same bytes. */
  public static void write(ScanResult scan, Writer out, boolean withPreview) throws IOException {
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeArrayFieldStart("findings");
      for (Finding f :
          scan.findings().stream().sorted(Comparator.comparing(Finding::id)).toList()) {
        g.writeStartObject();
        g.writeStringField("id", f.id());
        g.writeStringField("rule_id", f.ruleId());
        if (withPreview) {
          g.writeStringField("redacted", f.redacted());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  /**
   * Reads a baseline file or a {@code keyhound/v1} report.
   *
   * @throws BaselineException naming the file when it cannot be read or is neither shape
   */
  public static FindingFilter read(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new BaselineException(
          file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")", e);
    } catch (IOException e) {
      throw new BaselineException(file + ": cannot read baseline: " + e.getMessage(), e);
    }
    String schema = root == null ? "" : root.path("schema").asText("");
    if (!schema.equals(SCHEMA) && !schema.equals(JsonReport.SCHEMA)) {
      throw new BaselineException(
          file
              + ": not a keyhound baseline or JSON report (schema \""
              + schema
              + "\", expected "
              + SCHEMA
              + " or "
              + JsonReport.SCHEMA
              + ")",
          null);
    }
    Set<String> ids = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    for (JsonNode f : root.path("findings")) {
      String id = f.path("id").asText("");
      if (FindingFilter.looksLikeId(id)) {
        ids.add(id);
      } else {
        problems.add(file + ": findings[" + i + "] has no usable \"id\"; ignored");
      }
      i++;
    }
    return new FindingFilter(file.toString(), ids, problems);
  }

  /** A baseline that cannot be used: the message names the file and why. */
  public static final class BaselineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BaselineException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
