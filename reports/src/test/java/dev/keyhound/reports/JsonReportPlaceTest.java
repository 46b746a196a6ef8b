package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportPlaceTest {

  private static JsonNode occurrences(Occurrence... occurrences) throws IOException {
    Finding f =
        new Finding(
            "f1",
            "keyhound-issuer-key",
            "Issuer API key",
            "sk_test_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4",
            true,
            4.5,
            List.of(occurrences));
    ScanResult scan = new ScanResult(List.of("."), 1, 10, 1, List.of(f), List.of());
    StringWriter out = new StringWriter();
    new JsonReport()
        .write(new Report("keyhound", "test", scan, Map.of(), false, Instant.EPOCH), out);
    return new ObjectMapper().readTree(out.toString()).get("findings").get(0).get("occurrences");
  }

  @Test
  void json_writesPageAndCell_onlyWhereTheOccurrenceHasThem() throws IOException {
    JsonNode occ =
        occurrences(
            new Occurrence("o1", new Provenance.File("runbook.pdf"), "b1", 2, 5, 3, null),
            new Occurrence("o2", new Provenance.File("billing.ipynb"), "b2", 4, 6, null, 2),
            new Occurrence(
                "o3",
                new Provenance.ArchiveMember(new Provenance.File("a.zip"), "x.env"),
                "b3",
                1,
                1));

    assertEquals(3, occ.get(0).get("page").asInt());
    assertFalse(occ.get(0).has("cell"));
    assertEquals(2, occ.get(1).get("cell").asInt());
    assertFalse(occ.get(1).has("page"));
    assertFalse(occ.get(2).has("page") || occ.get(2).has("cell"));
    assertEquals("a.zip!x.env", occ.get(2).get("path").asText());
  }
}
