package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReportTest {
  private static List<List<String>> rows(Report report) throws IOException {
    StringWriter out = new StringWriter();
    new CsvReport().write(report, out);
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    try (MappingIterator<List<String>> it =
        mapper.readerFor(List.class).readValues(out.toString())) {
      return it.readAll();
    }
  }

  @Test
  void csv_roundTripsPathsWithCommaAndQuote() throws IOException {
    List<List<String>> rows = rows(ReportFixture.report());
    int path = rows.get(0).indexOf("path");
    assertTrue(rows.stream().anyMatch(r -> r.get(path).equals(ReportFixture.COMMA_QUOTE_PATH)));
    assertTrue(rows.stream().anyMatch(r -> r.get(path).equals("docs/notes ü, v2.md")));
  }

  @Test
  void csv_hasHeaderThenOneRowPerOccurrence() throws IOException {
    List<List<String>> rows = rows(ReportFixture.report());
    assertEquals(CsvReport.COLUMNS, rows.get(0));
    assertEquals(1 + 8, rows.size());
    rows.forEach(r -> assertEquals(CsvReport.COLUMNS.size(), r.size()));
  }

  @Test
  void csv_neutralisesCellsASpreadsheetWouldRunAsFormula() throws IOException {
    List<List<String>> rows = rows(ReportFixture.report());
    int path = rows.get(0).indexOf("path");
    assertTrue(rows.stream().anyMatch(r -> r.get(path).equals("'=cmd|' /C calc'!A0.env")));
    assertFalse(rows.stream().anyMatch(r -> r.get(path).startsWith("=")));
  }

  @Test
  void csv_writesSecretsOnlyWhenAsked() throws IOException {
    assertFalse(rows(ReportFixture.report(false)).get(0).contains("secret"));
    List<List<String>> shown = rows(ReportFixture.report(true));
    int secret = shown.get(0).indexOf("secret");
    assertEquals(
        "AKIAIOSFODNN7EXAMPLE",
        shown.stream()
            .filter(r -> r.get(1).equals("aws-access-key-id"))
            .findFirst()
            .orElseThrow()
            .get(secret));
  }
}
