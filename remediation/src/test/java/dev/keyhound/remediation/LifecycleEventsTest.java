package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant COMMITTED = Instant.parse("2026-11-20T09:00:00Z");

  private static LedgerEntry userKey() {
    return new LedgerEntry(
        "f1",
        "keyhound-issuer-key",
        "sk_live_…",
        State.REVOKED,
        "active",
        null,
        "key_1",
        null,
        "user",
        "user_ada",
        "org_acme",
        COMMITTED,
        NOW,
        NOW,
        NOW,
        null,
        null,
        null,
        false);
  }

  private static JsonNode data(LedgerRows.OccurrenceRow... rows) throws Exception {
    return JSON.readTree(
            LifecycleEvents.build(LifecycleEvents.REVOKED, userKey(), List.of(rows), NOW))
        .get("data");
  }

  private static List<String> notified(JsonNode data) {
    List<String> out = new ArrayList<>();
    data.get("notify")
        .forEach(n -> out.add(n.get("type").asText() + ":" + n.path("email").asText("")));
    return out;
  }

  @Test
  void build_putsTheCommitterAndTheAuthorInEachOccurrence() throws Exception {
    JsonNode d =
        data(
            new LedgerRows.OccurrenceRow(
                "acme/app",
                "c0ffee",
                ".env",
                3,
                "Paula Patch",
                "paula@acme.test",
                COMMITTED,
                "Max Merge",
                "merge@acme.test"));

    JsonNode o = d.at("/occurrences/0");
    assertEquals("merge@acme.test", o.get("committer_email").asText());
    assertEquals("Max Merge", o.get("committer_name").asText());
    assertEquals("paula@acme.test", o.get("author_email").asText());
    assertEquals("Paula Patch", o.get("author_name").asText());
  }

  @Test
  void build_notifiesTheOwnerTheCommitterAndTheAuthor() throws Exception {
    JsonNode d =
        data(
            new LedgerRows.OccurrenceRow(
                "acme/app",
                "c0ffee",
                ".env",
                3,
                "Paula Patch",
                "paula@acme.test",
                COMMITTED,
                "Max Merge",
                "merge@acme.test"));

    assertEquals(
        List.of("user:", "committer:merge@acme.test", "author:paula@acme.test"), notified(d));
  }

  @Test
  void build_notifiesEachPersonOnceWhateverTheirRoleOrCase() throws Exception {
    JsonNode d =
        data(
            new LedgerRows.OccurrenceRow(
                "acme/app",
                "a1",
                "a.env",
                1,
                "Max",
                "MERGE@acme.test",
                COMMITTED,
                "Paula",
                "paula@acme.test"),
            new LedgerRows.OccurrenceRow(
                "acme/app",
                "b2",
                "b.env",
                2,
                "Max Merge",
                "merge@acme.test",
                COMMITTED,
                "Max Merge",
                "merge@acme.test"));

    // Max authored the first commit and committed the second: one entry, as committer.
    assertEquals(
        List.of("user:", "committer:paula@acme.test", "committer:MERGE@acme.test"), notified(d));
  }

  @Test
  void build_fromAnOccurrenceWithoutKnownCommitterStillNotifiesTheAuthor() throws Exception {
    JsonNode d =
        data(
            new LedgerRows.OccurrenceRow(
                "acme/app", "c0ffee", ".env", 3, "Dev", "dev@acme.test", COMMITTED));

    assertTrue(d.at("/occurrences/0/committer_email").isNull());
    assertEquals("dev@acme.test", d.at("/occurrences/0/author_email").asText());
    assertEquals(List.of("user:", "author:dev@acme.test"), notified(d));
  }
}
