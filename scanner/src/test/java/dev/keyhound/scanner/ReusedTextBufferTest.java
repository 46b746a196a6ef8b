package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file's text is decoded into a buffer that its scan thread reuses for the next text: a file
 * scanned after a longer one is read as itself, never with what the longer one left in the buffer
 * past its end (its keys, encoded values, line feeds).
 */
class ReusedTextBufferTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  private static final long MAX = 1 << 20;

  @TempDir Path dir;

  @Test
  void shorterFilesAfterALongerOne_findOnlyTheirOwnKeys() throws IOException {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    String hidden = KeyFormat.ISSUER.mint("sk_live_");
    String encoded =
        Base64.getEncoder().encodeToString(("API_KEY=" + hidden).getBytes(StandardCharsets.UTF_8));
    String start = "service:\n  name: caf\u00e9\n  region: eu\n";
    Path longer = write("a.yaml", start + "  api_key: " + key + "\n  blob: " + encoded + "\n");
    // The same start, so the buffer's first chars are its own; ASCII and not (fewer chars than
    // bytes); and one with a key of its own on its last line, which must stay on that line.
    String own = KeyFormat.ISSUER.mint("sk_live_");
    Path ascii = write("b.yaml", "service:\n  name: cafe\n");
    Path utf8 = write("c.yaml", start);
    Path last = write("d.yaml", start + "  token: " + own);

    ScanResult r = scanInOrder(longer, ascii, utf8, last, ascii);

    List<String> found = new ArrayList<>();
    for (Finding f : r.findings()) {
      for (Occurrence o : f.occurrences()) {
        found.add(
            secretName(f.secret(), key, hidden, own)
                + " "
                + o.provenance().path()
                + ":"
                + o.line());
      }
    }
    found.sort(null);
    assertEquals(
        List.of("hidden a.yaml:5", "key a.yaml:4", "own d.yaml:4"),
        found,
        () -> "skipped: " + r.skipped());
  }

  private static String secretName(String secret, String key, String hidden, String own) {
    return secret.equals(key)
        ? "key"
        : secret.equals(hidden) ? "hidden" : secret.equals(own) ? "own" : secret;
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** Scans the files one after another on this thread, so each reuses the buffer of the last. */
  private static ScanResult scanInOrder(Path... files) {
    List<Source> sources = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path f : files) {
      sources.add(new FileSource(f, MAX));
      names.add(f.toString());
    }
    return Scanner.createForInputOf(
            1 << 16, RuleLoader.builtin(), new ScanOptions(1, MAX, DetectorOptions.DEFAULTS), FP)
        .scanOnCallingThread(names, sources);
  }
}
