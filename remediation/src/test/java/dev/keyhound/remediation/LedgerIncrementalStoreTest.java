package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LedgerIncrementalStoreTest {
  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-01-05T01:00:00Z"));

  static java.util.stream.Stream<String> kinds() {
    return TestLedgers.kinds();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void record_isReadBackByAnotherWorkersConnection(String kind) throws Exception {
    String url = TestLedgers.url(kind, dir);
    SecretVault vault = new SecretVault(new byte[32]);
    Provenance.Git where =
        new Provenance.Git(
            "https://git.test/acme/app",
            "config/.env",
            "c0ffee",
            "Dev",
            "dev@acme.test",
            Instant.parse("2025-12-01T10:00:00Z"),
            List.of("refs/heads/main"),
            "Ci",
            "ci@acme.test");
    Finding f =
        new Finding(
            "f1",
            "generic",
            "",
            "sk_test_abcdefghijklmnop",
            null,
            4.0,
            List.of(new Occurrence("o1", where, "blob1", 3, 1)));
    ScanResult result = new ScanResult(List.of("x"), 1, 10, 1, List.of(f), List.of());
    try (Ledger a = Ledger.open(url, vault, clock);
        LedgerIncrementalStore store = new LedgerIncrementalStore(a)) {
      store.record("https://git.test/acme/app", Map.of("refs/heads/main", "c0ffee"), result);
      store.record("https://git.test/acme/app", Map.of("refs/heads/main", "beef"), result);
    }
    try (Ledger b = Ledger.open(url, vault, clock);
        LedgerIncrementalStore store = new LedgerIncrementalStore(b)) {
      assertEquals(List.of("beef"), store.scannedTips("https://git.test/acme/app"));
      assertEquals(Map.of("blob1", List.of(where)), store.carried("https://git.test/acme/app"));
      assertEquals(List.of(), store.scannedTips("https://git.test/acme/other"));
    }
  }
}
