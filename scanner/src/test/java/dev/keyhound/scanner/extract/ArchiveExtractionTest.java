package dev.keyhound.scanner.extract;

import static dev.keyhound.scanner.extract.ExtractionScans.newKey;
import static dev.keyhound.scanner.extract.ExtractionScans.scan;
import static dev.keyhound.scanner.extract.ExtractionScans.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractionTest {
  @TempDir Path dir;

  static byte[] zip(String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("README.md"));
      z.write("nothing here\n".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry(name));
      z.write(content);
    }
    return out.toByteArray();
  }

  static byte[] tar(String name, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(content.length);
      t.putArchiveEntry(e);
      t.write(content);
      t.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  /** Wraps a byte sink in a compressor (a Commons Compress output stream's constructor). */
  interface Compressor {
    OutputStream over(OutputStream sink) throws IOException;
  }

  static byte[] compress(Compressor compressor, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream c = compressor.over(out)) {
      c.write(content);
    }
    return out.toByteArray();
  }

  static byte[] envFile(String key) {
    return ("# service\nHOST=api.example.com\nAPI_KEY=" + key + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void scan_findsKeyInZipInsideZip_withNestedMemberPathAndLine() throws IOException {
    String key = newKey();
    byte[] inner = zip("config/prod.env", envFile(key));
    Files.write(dir.resolve("release.zip"), zip("bundle/inner.zip", inner));

    Occurrence o = single(scan(dir), key);

    assertEquals("release.zip!bundle/inner.zip!config/prod.env", o.provenance().path());
    assertEquals(3, o.line());
    assertEquals(9, o.column());
    assertTrue(
        o.provenance() instanceof Provenance.ArchiveMember m
            && m.root() instanceof Provenance.File);
  }

  @Test
  void scan_findsKeyInTarGz_atTheTarMemberPath() throws IOException {
    String key = newKey();
    Files.write(
        dir.resolve("backup.tar.gz"),
        compress(GzipCompressorOutputStream::new, tar("app/.env", envFile(key))));

    Occurrence o = single(scan(dir), key);

    assertEquals("backup.tar.gz!app/.env", o.provenance().path());
    assertEquals(3, o.line());
  }

  @Test
  void scan_findsKeyInPlainTar() throws IOException {
    String key = newKey();
    Files.write(dir.resolve("site.tar"), tar("deploy/secrets.txt", envFile(key)));

    assertEquals("site.tar!deploy/secrets.txt", single(scan(dir), key).provenance().path());
  }

  @Test
  void scan_findsKeyInSingleFileCompressedStreams_namedAfterTheFile() throws IOException {
    String gzKey = newKey();
    String bzKey = newKey();
    String xzKey = newKey();
    Files.write(
        dir.resolve("prod.env.gz"), compress(GzipCompressorOutputStream::new, envFile(gzKey)));
    Files.write(
        dir.resolve("prod.env.bz2"), compress(BZip2CompressorOutputStream::new, envFile(bzKey)));
    Files.write(
        dir.resolve("prod.env.xz"), compress(XZCompressorOutputStream::new, envFile(xzKey)));

    ScanResult result = scan(dir);

    assertEquals("prod.env.gz!prod.env", single(result, gzKey).provenance().path());
    assertEquals("prod.env.bz2!prod.env", single(result, bzKey).provenance().path());
    assertEquals("prod.env.xz!prod.env", single(result, xzKey).provenance().path());
  }

  @Test
  void scan_findsKeyInJar_likeAnyZip() throws IOException {
    String key = newKey();
    Files.write(dir.resolve("service.jar"), zip("application.properties", envFile(key)));

    assertEquals("service.jar!application.properties", single(scan(dir), key).provenance().path());
  }

  @Test
  void scan_decodesUtf16WithoutBom_ratherThanSkippingItAsBinary() throws IOException {
    String key = newKey();
    Files.write(
        dir.resolve("notes-le.txt"),
        ("first line\r\ntoken: " + key + "\r\n").getBytes(StandardCharsets.UTF_16LE));
    Files.write(
        dir.resolve("notes-be.txt"),
        ("first line\ntoken: " + key + "\n").getBytes(StandardCharsets.UTF_16BE));

    ScanResult result = scan(dir);

    assertEquals(2, ExtractionScans.occurrences(result, key).size());
    assertTrue(
        result.skipped().stream().noneMatch(s -> s.reason() == Skipped.Reason.BINARY),
        result::toString);
    assertTrue(ExtractionScans.occurrences(result, key).stream().allMatch(o -> o.line() == 2));
  }

  @Test
  void scan_reportsEncryptedZipEntry_asEncryptedAndScansTheRest() throws IOException {
    String key = newKey();
    // A zip entry whose general-purpose flag says "encrypted" (as a ZipCrypto entry would be).
    byte[] plain = zip("plain.env", envFile(key));
    Files.write(
        dir.resolve("locked.zip"), markFirstEntryEncrypted(zip("secret.env", envFile(newKey()))));
    Files.write(dir.resolve("open.zip"), plain);

    ScanResult result = scan(dir);

    assertEquals("open.zip!plain.env", single(result, key).provenance().path());
    assertTrue(
        result.skipped().stream()
            .anyMatch(
                s ->
                    s.reason() == Skipped.Reason.ENCRYPTED
                        && s.location().startsWith("locked.zip!")),
        () -> result.skipped().toString());
  }

  /** Sets bit 0 of the general-purpose flags in every local and central header. */
  static byte[] markFirstEntryEncrypted(byte[] zip) {
    byte[] b = zip.clone();
    for (int i = 0; i + 8 < b.length; i++) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
        b[i + 6] |= 1;
      } else if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
        b[i + 8] |= 1;
      }
    }
    return b;
  }
}
