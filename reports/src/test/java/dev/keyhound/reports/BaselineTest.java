package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
  @TempDir Path dir;

  @Test
  void baseline_roundTripsIdsWithoutSecretMaterial() throws IOException {
    Path file = dir.resolve("baseline.json");
    try (Writer w = Files.newBufferedWriter(file)) {
      Baseline.write(ReportFixture.scan(), w, true);
    }
    String text = Files.readString(file);
    assertFalse(text.contains("AKIAIOSFODNN7EXAMPLE"));
    assertFalse(text.contains("4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4"));
    assertTrue(text.contains("\"schema\" : \"keyhound-baseline/v1\""));
    FindingFilter f = Baseline.read(file);
    assertEquals(
        Set.of(
            "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            "1f2e3d4c5b6a79880796a5b4c3d2e1f0",
            "2a3b4c5d6e7f8091a2b3c4d5e6f70819",
            "3c4d5e6f708192a3b4c5d6e7f8091a2b"),
        f.ids());
    assertTrue(f.apply(ReportFixture.scan()).findings().isEmpty());
  }

  @Test
  void baseline_withoutPreviewHasOnlyIdsAndRules() throws IOException {
    StringWriter out = new StringWriter();
    Baseline.write(ReportFixture.scan(), out, false);
    assertFalse(out.toString().contains("redacted"));
  }

  @Test
  void baseline_acceptsAFullJsonReport() throws IOException {
    Path file = dir.resolve("report.json");
    try (Writer w = Files.newBufferedWriter(file)) {
      new JsonReport().write(ReportFixture.report(), w);
    }
    assertEquals(4, Baseline.read(file).ids().size());
  }

  @Test
  void baseline_rejectsOtherJsonNamingTheFile() throws IOException {
    Path file = dir.resolve("other.json");
    Files.writeString(file, "{\"schema\":\"something/v9\",\"findings\":[]}");
    Baseline.BaselineException e =
        assertThrows(Baseline.BaselineException.class, () -> Baseline.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void baseline_reportsInvalidJsonWithItsLine() throws IOException {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\n\"schema\": \n");
    Baseline.BaselineException e =
        assertThrows(Baseline.BaselineException.class, () -> Baseline.read(file));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }
}
