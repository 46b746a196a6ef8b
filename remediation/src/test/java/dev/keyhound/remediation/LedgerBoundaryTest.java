package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key seen at a shallow clone's boundary is not pinned on the boundary commit's people. */
class LedgerBoundaryTest {
  @TempDir Path dir;
  final Fingerprinter fingerprinter = new Fingerprinter(new byte[32]);
  final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void record_boundaryOccurrenceKeepsItsPlaceButNamesNoAuthorOrCommitter() throws Exception {
    String secret = KeyFormat.ISSUER.mint("sk_live_");
    String id = fingerprinter.findingId(RuleSet.ISSUER_RULE_ID, secret);
    Provenance.Git atCut =
        new Provenance.Git(
            "acme/app",
            "config/.env",
            "c0ffee",
            "Tim Tip",
            "tim@acme.test",
            Instant.parse("2026-11-20T09:00:00Z"),
            List.of("refs/heads/main"),
            "Tim Tip",
            "tim@acme.test",
            true);
    Finding f =
        new Finding(
            id,
            RuleSet.ISSUER_RULE_ID,
            "Issuer API key",
            secret,
            true,
            4.5,
            List.of(
                new Occurrence(
                    fingerprinter.occurrenceId(id, "blob", 0, 1, "x"), atCut, "blob", 3, 5)));

    try (Ledger l =
        Ledger.open(dir.resolve("ledger.db").toString(), new SecretVault(new byte[32]), clock)) {
      l.record(f, "h", false);
      LedgerRows.OccurrenceRow row = l.occurrences(id).get(0);

      assertEquals("c0ffee", row.commit());
      assertEquals("config/.env", row.path());
      assertNull(row.authorEmail());
      assertNull(row.committerEmail());
    }
  }
}
