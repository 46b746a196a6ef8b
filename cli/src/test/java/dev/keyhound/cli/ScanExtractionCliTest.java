package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanExtractionCliTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run keyhound(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private void writeZipWithKey(String key) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      z.putNextEntry(new ZipEntry("config/prod.env"));
      z.write(("HOST=x\nAPI_KEY=" + key + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Files.write(dir.resolve("release.zip"), bytes.toByteArray());
  }

  @Test
  void scan_reportsKeyInsideZip_withMemberPathInJson() throws IOException {
    writeZipWithKey(KeyFormat.ISSUER.mint("sk_live_"));

    Run r = keyhound("scan", "--format", "json", dir.toString());

    assertEquals(1, r.code(), r.err());
    assertTrue(r.out().contains("\"path\" : \"release.zip!config/prod.env\""), r.out());
    assertTrue(r.out().contains("\"line\" : 2"), r.out());
  }

  @Test
  void scan_withNoExtract_readsPlainTextOnly() throws IOException {
    writeZipWithKey(KeyFormat.ISSUER.mint("sk_live_"));

    Run r = keyhound("scan", "--no-extract", "--format", "json", dir.toString());

    assertEquals(0, r.code(), r.out() + r.err());
    assertFalse(r.out().contains("release.zip!"), r.out());
  }

  @Test
  void scan_rejectsBadLimitValue_withUsageExitAndTheFlagNamed() {
    Run r = keyhound("scan", "--document-timeout", "soon", dir.toString());

    assertEquals(2, r.code());
    assertTrue(r.err().contains("--document-timeout"), r.err());
  }

  @Test
  void scan_reportsDepthLimitHit_asSkippedInJson() throws IOException {
    writeZipWithKey(KeyFormat.ISSUER.mint("sk_live_"));

    Run r = keyhound("scan", "--max-archive-depth", "0", "--format", "json", dir.toString());

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--max-archive-depth 0"), r.out());
  }
}
