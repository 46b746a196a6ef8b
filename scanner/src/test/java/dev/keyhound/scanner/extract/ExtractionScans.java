package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.FileSource;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs real scans of files written by the tests, and finds the occurrence of a key in the result.
 */
final class ExtractionScans {
  static final long MAX_FILE_SIZE = 64L * 1024 * 1024;

  private ExtractionScans() {}

  /** A fresh, valid issuer key, so each test's key is its own. */
  static String newKey() {
    return KeyFormat.ISSUER.mint("sk_live_");
  }

  static ScanResult scan(Path target) {
    return scan(target, ExtractionLimits.defaults(MAX_FILE_SIZE));
  }

  static ScanResult scan(Path target, ExtractionLimits limits) {
    RuleSet rules = RuleLoader.builtin();
    ScanOptions options = new ScanOptions(2, MAX_FILE_SIZE, DetectorOptions.DEFAULTS);
    Fingerprinter fp = new Fingerprinter(new byte[32]);
    List<Source> sources = List.of(new FileSource(target, MAX_FILE_SIZE));
    return Scanner.create(rules, options, fp, Extractors.create(limits))
        .scan(List.of(target.toString()), sources);
  }

  /**
   * The occurrences of {@code key} in the result, failing with what was found and skipped if there
   * are none.
   */
  static List<Occurrence> occurrences(ScanResult result, String key) {
    List<Occurrence> out =
        result.findings().stream()
            .filter(f -> f.secret().equals(key))
            .flatMap(f -> f.occurrences().stream())
            .toList();
    if (out.isEmpty()) {
      fail(
          "key not found; findings at "
              + result.findings().stream()
                  .flatMap(f -> f.occurrences().stream())
                  .map(o -> o.provenance().path())
                  .collect(Collectors.joining(", "))
              + "; skipped: "
              + result.skipped().stream().map(s -> s.describe()).collect(Collectors.joining("; ")));
    }
    return out;
  }

  /** The one occurrence of {@code key}. */
  static Occurrence single(ScanResult result, String key) {
    List<Occurrence> all = occurrences(result, key);
    assertEquals(1, all.size(), () -> "occurrences: " + all);
    return all.get(0);
  }

  /**
   * Fails, listing the skips, unless one is at {@code location} for {@code reason} with {@code
   * detailPart}.
   */
  static void assertSkipped(
      ScanResult r, String location, Skipped.Reason reason, String detailPart) {
    assertTrue(skippedFor(r, location, reason, detailPart), () -> r.skipped().toString());
  }

  static boolean skippedFor(
      ScanResult r, String location, Skipped.Reason reason, String detailPart) {
    return r.skipped().stream()
        .anyMatch(
            s ->
                s.location().equals(location)
                    && s.reason() == reason
                    && s.detail().contains(detailPart));
  }

  /** The {@code limit} skips, each as "location: detail". */
  static List<String> limitSkips(ScanResult result) {
    return result.skipped().stream()
        .filter(s -> s.reason() == Skipped.Reason.LIMIT)
        .map(s -> s.location() + ": " + s.detail())
        .toList();
  }

  static List<String> findingPaths(ScanResult result) {
    return result.findings().stream()
        .map(Finding::occurrences)
        .flatMap(List::stream)
        .map(o -> o.provenance().path())
        .sorted()
        .toList();
  }
}
