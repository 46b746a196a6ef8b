package dev.keyhound.reports;

import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Findings;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A fixed scan for golden files: fixed ids and times, every provenance kind, and awkward paths. */
public final class ReportFixture {
  public static final Instant GENERATED_AT = Instant.parse("2026-11-26T12:00:00Z");
  public static final String COMMA_QUOTE_PATH = "data/we,ird \"name\".txt";
  public static final String HOSTILE_PATH = "docs/<img src=x onerror=alert(1)></script>.md";

  private ReportFixture() {}

  public static Report report() {
    return report(false);
  }

  public static Report report(boolean showSecrets) {
    return new Report("keyhound", "0.1.0-test", scan(), statuses(), showSecrets, GENERATED_AT);
  }

  public static ScanResult scan() {
    Provenance.Git commit =
        new Provenance.Git(
            "acme/payments",
            "src/main/Settings.java",
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
            "Ada Lovelace",
            "ada@example.com",
            Instant.parse("2025-03-14T09:26:53Z"),
            List.of("refs/heads/main", "refs/heads/release"),
            "Ada Lovelace",
            "ada@example.com");
    Provenance.Git recent =
        new Provenance.Git(
            "acme/payments",
            "deploy/values.yaml",
            "9fceb02d0ae598e95dc970b74767f19372d61af8",
            "Grace Hopper",
            "grace@example.com",
            Instant.parse("2026-11-20T17:00:00Z"),
            List.of("refs/heads/feature/x"),
            "Linus Merger",
            "linus@example.com");
    List<Finding> findings =
        List.of(
            finding(
                "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "keyhound-api-key",
                "keyhound issuer API key",
                "sk_live_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4",
                true,
                4.9,
                occurrence(
                    "1111111111111111aaaaaaaaaaaaaaaa",
                    new Provenance.File("config/app.env"),
                    3,
                    15),
                occurrence("2222222222222222bbbbbbbbbbbbbbbb", commit, 42, 28)),
            finding(
                "1f2e3d4c5b6a79880796a5b4c3d2e1f0",
                "aws-access-key-id",
                "AWS access key id",
                "AKIAIOSFODNN7EXAMPLE",
                null,
                3.7,
                occurrence(
                    "3333333333333333cccccccccccccccc",
                    new Provenance.File(COMMA_QUOTE_PATH),
                    1,
                    1),
                occurrence(
                    "4444444444444444dddddddddddddddd",
                    new Provenance.ArchiveMember(
                        new Provenance.File("dist/bundle.zip"), "conf/.env"),
                    2,
                    19)),
            finding(
                "2a3b4c5d6e7f8091a2b3c4d5e6f70819",
                "github-pat",
                "GitHub personal access token",
                "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
                false,
                5.2,
                occurrence(
                    "5555555555555555eeeeeeeeeeeeeeee", new Provenance.File(HOSTILE_PATH), 7, 9),
                occurrence("6666666666666666ffffffffffffffff", recent, 12, 11)),
            finding(
                "3c4d5e6f708192a3b4c5d6e7f8091a2b",
                "keyhound-api-key",
                "keyhound issuer API key",
                "sk_test_9QwErTyUiOpAsDfGhJkLzXcVbNm1234567890a",
                true,
                4.8,
                occurrence(
                    "7777777777777777aaaaaaaaaaaaaaaa",
                    new Provenance.File("docs/notes ü, v2.md"),
                    20,
                    5),
                occurrence(
                    "8888888888888888bbbbbbbbbbbbbbbb",
                    new Provenance.Staged("=cmd|' /C calc'!A0.env"),
                    1,
                    1)));
    List<Skipped> skipped =
        List.of(
            new Skipped("reports/q3.pdf", Skipped.Reason.CORRUPT, "not a PDF"),
            new Skipped(
                "big.bin", Skipped.Reason.TOO_LARGE, "20971520 bytes > --max-file-size 10485760"));
    return new ScanResult(
        List.of("."),
        128,
        1_234_567,
        842,
        findings.stream().sorted(Findings.ORDER).toList(),
        skipped);
  }

  private static Map<String, FindingStatus> statuses() {
    return Map.of(
        "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
            new FindingStatus(
                "active",
                null,
                Instant.parse("2026-11-26T11:58:00Z"),
                "api_key_01HXYZ",
                "organization",
                "org_42",
                "org_42",
                "approval_required",
                null,
                null,
                null,
                List.of("deploy", "billing:write")),
        "2a3b4c5d6e7f8091a2b3c4d5e6f70819",
            new FindingStatus(
                "active",
                null,
                Instant.parse("2026-11-26T11:58:01Z"),
                null,
                null,
                null,
                null,
                "revoked",
                Instant.parse("2026-11-26T11:59:00Z"),
                Instant.parse("2026-11-26T11:59:02Z"),
                2000L),
        "3c4d5e6f708192a3b4c5d6e7f8091a2b",
            new FindingStatus(
                "unknown",
                "timeout after 5s",
                Instant.parse("2026-11-26T11:58:02Z"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
  }

  private static Finding finding(
      String id,
      String rule,
      String description,
      String secret,
      Boolean checksum,
      double entropy,
      Occurrence... occurrences) {
    return new Finding(
        id,
        rule,
        description,
        secret,
        checksum,
        entropy,
        List.of(occurrences).stream().sorted(Findings.OCCURRENCE_ORDER).toList());
  }

  private static Occurrence occurrence(String id, Provenance p, int line, int column) {
    return new Occurrence(id, p, "blob" + id.substring(0, 8), line, column);
  }
}
