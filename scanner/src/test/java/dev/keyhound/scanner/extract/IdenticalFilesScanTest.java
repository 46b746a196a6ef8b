package dev.keyhound.scanner.extract;

import static dev.keyhound.scanner.extract.ArchiveExtractionTest.envFile;
import static dev.keyhound.scanner.extract.ArchiveExtractionTest.markFirstEntryEncrypted;
import static dev.keyhound.scanner.extract.ArchiveExtractionTest.zip;
import static dev.keyhound.scanner.extract.ExtractionScans.MAX_FILE_SIZE;
import static dev.keyhound.scanner.extract.ExtractionScans.newKey;
import static dev.keyhound.scanner.extract.ExtractionScans.occurrences;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.FileSource;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory scan extracts and detects each content once per file name: identical files (releases
 * side by side, vendored copies) are placed where the first one's findings and skips go, each with
 * its own path rules and allowlists.
 */
class IdenticalFilesScanTest {
  @TempDir Path dir;

  /** Which locations the extraction was run for, and how often. */
  private final Map<String, Integer> extracted = new ConcurrentHashMap<>();

  private ScanResult scan(RuleSet rules, int threads) {
    ContentExtractor real = Extractors.create(ExtractionLimits.defaults(MAX_FILE_SIZE));
    ContentExtractor counting =
        (blob, location, segments, skipped) -> {
          extracted.merge(location, 1, Integer::sum);
          real.extract(blob, location, segments, skipped);
        };
    return Scanner.create(
            rules,
            new ScanOptions(threads, MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
            new Fingerprinter(new byte[32]),
            counting)
        .scan(List.of(dir.toString()), List.of(new FileSource(dir, MAX_FILE_SIZE)));
  }

  private static List<String> paths(ScanResult r, String key) {
    return occurrences(r, key).stream().map(o -> o.provenance().path()).sorted().toList();
  }

  private void write(String path, byte[] bytes) throws IOException {
    Files.createDirectories(dir.resolve(path).getParent());
    Files.write(dir.resolve(path), bytes);
  }

  @Test
  void identicalFiles_areExtractedOnce_andFoundAtEveryPath() throws IOException {
    String key = newKey();
    byte[] env = envFile(key);
    for (String release : List.of("v1", "v2", "v3")) {
      write(release + "/config/app.env", env);
    }
    write("v3/other/app.env", envFile(newKey()));

    for (int threads : List.of(1, 2)) {
      extracted.clear();
      ScanResult r = scan(RuleLoader.builtin(), threads);

      assertEquals(
          List.of("v1/config/app.env", "v2/config/app.env", "v3/config/app.env"), paths(r, key));
      assertEquals(4, r.filesScanned());
      assertEquals(4L * env.length, r.bytesScanned());
      // Two contents: each extracted once, whichever file of the three was read first.
      assertEquals(
          2, extracted.values().stream().mapToInt(Integer::intValue).sum(), "" + extracted);
    }
  }

  @Test
  void sameBytesUnderAnotherName_areScannedOnTheirOwn() throws IOException {
    String key = newKey();
    write("a/app.env", envFile(key));
    write("b/app.env.bak", envFile(key));

    ScanResult r = scan(RuleLoader.builtin(), 2);

    assertEquals(List.of("a/app.env", "b/app.env.bak"), paths(r, key));
    assertEquals(Map.of("a/app.env", 1, "b/app.env.bak", 1), new TreeMap<>(extracted));
  }

  @Test
  void aTwinsSkips_areReportedAtItsOwnPath() throws IOException {
    String key = newKey();
    byte[] locked = markFirstEntryEncrypted(zip("secret.env", envFile(key)));
    write("one/locked.zip", locked);
    write("two/locked.zip", locked);
    write("one/broken.zip", new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    write("two/broken.zip", new byte[] {'P', 'K', 3, 4, 1, 2, 3});

    ScanResult r = scan(RuleLoader.builtin(), 2);

    Map<String, Skipped.Reason> skips = new TreeMap<>();
    for (Skipped s : r.skipped()) {
      skips.put(s.location(), s.reason());
    }
    assertEquals(
        Map.of(
            "one/broken.zip", Skipped.Reason.CORRUPT,
            "two/broken.zip", Skipped.Reason.CORRUPT,
            "one/locked.zip!README.md", Skipped.Reason.ENCRYPTED,
            "one/locked.zip!secret.env", Skipped.Reason.ENCRYPTED,
            "two/locked.zip!README.md", Skipped.Reason.ENCRYPTED,
            "two/locked.zip!secret.env", Skipped.Reason.ENCRYPTED),
        skips);
    assertEquals(2, extracted.size(), "" + extracted);
  }

  @Test
  void eachTwin_hasItsOwnPathRulesAndAllowlists() throws Exception {
    RuleSet rules =
        RuleLoader.parse(
            """
            [[rules]]
            id = "acme-prefixed"
            regex = '''\\b(acmk_[a-z0-9]{20})\\b'''
            keywords = ["acmk_"]
            [[rules.allowlists]]
            paths = ['''^vendored/''']

            [[rules]]
            id = "keystore"
            path = '''\\.p12$'''
            [[rules.allowlists]]
            paths = ['''^fixtures/''']
            """,
            "rules.toml");
    byte[] token = "ACME=acmk_q8r2vn5x7t0b3m6k9w1z\n".getBytes(StandardCharsets.UTF_8);
    byte[] store = "not really a key store".getBytes(StandardCharsets.UTF_8);
    for (String top : List.of("app", "vendored", "fixtures", "lib")) {
      write(top + "/settings.txt", token);
      write(top + "/client.p12", store);
    }

    ScanResult r = scan(rules, 2);

    // A path rule's finding is one per path; a value's, one per value with its places.
    Map<String, List<String>> found = new TreeMap<>();
    for (Finding f : r.findings()) {
      for (var o : f.occurrences()) {
        found.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(o.provenance().path());
      }
    }
    found.values().forEach(Collections::sort);
    assertEquals(
        Map.of(
            "acme-prefixed",
            List.of("app/settings.txt", "fixtures/settings.txt", "lib/settings.txt"),
            "keystore",
            List.of("app/client.p12", "lib/client.p12", "vendored/client.p12")),
        found,
        () -> r.skipped().toString());
    assertEquals(2, extracted.size(), "" + extracted);
  }
}
