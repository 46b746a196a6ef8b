package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ByteSizeTest {
  private final ByteSize size = new ByteSize();

  @Test
  void convert_readsBytesAndBinaryUnits() {
    assertEquals(10_485_760L, size.convert("10485760"));
    assertEquals(10L << 20, size.convert("10M"));
    assertEquals(10L << 20, size.convert("10MiB"));
    assertEquals(512L << 10, size.convert("512k"));
    assertEquals(1L << 30, size.convert("1 GB"));
    assertEquals(-3L, size.convert("-3"));
  }

  @Test
  void convert_rejectsWhatIsNotASizeNamingTheValue() {
    CommandLine.TypeConversionException e =
        assertThrows(CommandLine.TypeConversionException.class, () -> size.convert("ten megs"));
    assertTrue(e.getMessage().contains("ten megs"), e.getMessage());
    assertThrows(CommandLine.TypeConversionException.class, () -> size.convert("99999999999T"));
  }

  @Test
  void scan_acceptsAHumanSizeForMaxFileSize(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("a.txt"), "hello\n");
    assertEquals(0, CliRun.of("scan", "--max-file-size", "1MiB", dir.toString()).exit());
    CliRun bad = CliRun.of("scan", "--max-file-size", "huge", dir.toString());
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("huge"), bad.err());
  }
}
