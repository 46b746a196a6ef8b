package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SarifReportTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static String sarif(Report report) throws IOException {
    StringWriter out = new StringWriter();
    new SarifReport().write(report, out);
    return out.toString();
  }

  @Test
  void sarif_ofFixedScanPassesOfficialSchema() throws IOException {
    List<Error> errors = SarifSchema.validate(sarif(ReportFixture.report()));
    assertTrue(errors.isEmpty(), () -> "schema errors: " + errors);
  }

  @Test
  void schema_rejectsBrokenSarif() throws IOException {
    // Proves the validator is really checking: a result without a message breaks the schema.
    String broken =
        sarif(ReportFixture.report()).replaceFirst("\"message\" : \\{", "\"massage\" : {");
    assertFalse(SarifSchema.validate(broken).isEmpty());
  }

  @Test
  void sarif_writesOneResultPerOccurrenceWithRelativeEncodedUris() throws IOException {
    JsonNode run = MAPPER.readTree(sarif(ReportFixture.report())).path("runs").get(0);
    assertEquals(8, run.path("results").size());
    for (JsonNode r : run.path("results")) {
      JsonNode art = r.path("locations").get(0).path("physicalLocation").path("artifactLocation");
      URI uri = URI.create(art.path("uri").asText());
      assertFalse(uri.isAbsolute(), uri.toString());
      assertEquals("%SRCROOT%", art.path("uriBaseId").asText());
    }
    assertTrue(run.toString().contains("\"uri\":\"data/we,ird%20%22name%22.txt\""), run.toString());
    assertTrue(run.toString().contains("\"uri\":\"docs/notes%20%C3%BC,%20v2.md\""), run.toString());
  }

  @Test
  void sarif_pointsArchiveMembersAtTheArchiveWithoutARegion() throws IOException {
    JsonNode run = MAPPER.readTree(sarif(ReportFixture.report())).path("runs").get(0);
    JsonNode member = null;
    for (JsonNode r : run.path("results")) {
      if (r.path("properties").has("archiveMember")) {
        member = r;
      }
    }
    JsonNode loc = member.path("locations").get(0).path("physicalLocation");
    assertEquals("dist/bundle.zip", loc.path("artifactLocation").path("uri").asText());
    assertFalse(loc.has("region"));
    assertEquals("conf/.env", member.path("properties").path("archiveMember").asText());
  }

  @Test
  void sarif_carriesCommitOfHistoryFindings() throws IOException {
    JsonNode run = MAPPER.readTree(sarif(ReportFixture.report())).path("runs").get(0);
    long withCommit = 0;
    for (JsonNode r : run.path("results")) {
      if (r.path("properties")
          .path("commit")
          .asText()
          .equals("4b825dc642cb6eb9a060e54bf8d69288fbee4904")) {
        withCommit++;
        assertEquals(
            42,
            r.path("locations")
                .get(0)
                .path("physicalLocation")
                .path("region")
                .path("startLine")
                .asInt());
      }
    }
    assertEquals(1, withCommit);
  }

  @Test
  void fingerprints_stayTheSameWhenTheSecretMovesToAnotherLine() throws IOException {
    JsonNode before = fingerprints(5);
    JsonNode after = fingerprints(90);
    assertEquals(before, after);
    assertEquals("0123456789abcdef0123456789abcdef", before.path("keyhound/findingId/v1").asText());
  }

  @Test
  void rules_carryRemediationHelp() throws IOException {
    JsonNode rules =
        MAPPER
            .readTree(sarif(ReportFixture.report()))
            .path("runs")
            .get(0)
            .path("tool")
            .path("driver")
            .path("rules");
    assertEquals(
        List.of("aws-access-key-id", "github-pat", "keyhound-api-key"),
        List.of(
            rules.get(0).path("id").asText(),
            rules.get(1).path("id").asText(),
            rules.get(2).path("id").asText()));
    String help = rules.get(0).path("help").path("text").asText();
    assertTrue(
        help.contains("Rotate or revoke") && help.contains("history") && help.contains("baseline"),
        help);
  }

  private static JsonNode fingerprints(int line) throws IOException {
    Finding f =
        new Finding(
            "0123456789abcdef0123456789abcdef",
            "keyhound-api-key",
            "key",
            "sk_live_abcdefghijklmnop",
            true,
            4.0,
            List.of(
                new Occurrence(
                    "occ" + line, new Provenance.File("app.env"), "blob" + line, line, 3)));
    Report r =
        new Report(
            "keyhound",
            "1",
            new ScanResult(List.of("."), 1, 1, 1, List.of(f), List.of()),
            Map.of(),
            false,
            ReportFixture.GENERATED_AT);
    return MAPPER
        .readTree(sarif(r))
        .path("runs")
        .get(0)
        .path("results")
        .get(0)
        .path("partialFingerprints");
  }
}
