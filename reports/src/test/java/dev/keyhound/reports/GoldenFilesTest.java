package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every format written from the fixed scan must match its golden file byte for byte. Rewrite them
 * after an intended change with {@code -Dkeyhound.updateGolden=true} and review the diff.
 */
class GoldenFilesTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static String render(ReportFormat format, Report report) throws IOException {
    StringWriter out = new StringWriter();
    format.writer(false).write(report, out);
    return out.toString();
  }

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void write_matchesGoldenFile(ReportFormat format) throws IOException {
    String actual = render(format, ReportFixture.report());
    Path golden = GOLDEN.resolve("report." + format.extension());
    if (Boolean.getBoolean("keyhound.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertEquals(
        Files.readString(golden, StandardCharsets.UTF_8),
        actual,
        "golden file "
            + golden
            + " differs; rerun with -Dkeyhound.updateGolden=true if the change is intended");
  }

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void write_leavesTheTargetOpen(ReportFormat format) throws IOException {
    // On the command line the target is standard output: a writer that closed it would silence what
    // follows.
    boolean[] closed = {false};
    StringWriter out =
        new StringWriter() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    format.writer(false).write(ReportFixture.report(), out);
    assertFalse(closed[0], format + " closed its target");
  }

  @ParameterizedTest
  @EnumSource(ReportFormat.class)
  void write_twiceGivesSameBytes(ReportFormat format) throws IOException {
    assertEquals(render(format, ReportFixture.report()), render(format, ReportFixture.report()));
  }
}
