package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds lifecycle event bodies in Standard Webhooks' shape {@code {"type", "timestamp", "data"}}:
 * the key as the issuer gave it, its owner and who to tell, every occurrence and the timestamps.
 * Never the secret itself.
 */
public final class LifecycleEvents {
  public static final String LEAKED = "secret.leaked";
  public static final String REVOKED = "secret.revoked";
  public static final String REVOCATION_FAILED = "secret.revocation_failed";
  public static final String APPROVAL_REQUIRED = "secret.approval_required";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LifecycleEvents() {}

  public static String build(
      String type, LedgerEntry e, List<LedgerRows.OccurrenceRow> occurrences, Instant now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", type);
    root.put("timestamp", now.toString());
    ObjectNode d = root.putObject("data");
    d.put("finding_id", e.findingId());
    d.put("rule_id", e.ruleId());
    d.put("redacted", e.redacted());
    d.put("state", e.state());
    d.set("key", keyObject(e));
    ObjectNode owner = d.putObject("owner");
    owner.put("type", e.ownerType());
    owner.put("id", e.ownerId());
    owner.put("organization_id", e.organizationId());
    ArrayNode occ = d.putArray("occurrences");
    Map<String, ObjectNode> people = new LinkedHashMap<>();
    for (LedgerRows.OccurrenceRow o : occurrences) {
      ObjectNode n = occ.addObject();
      n.put("repository", o.repository());
      n.put("commit", o.commit());
      n.put("path", o.path());
      n.put("line", o.line());
      n.put("committer_name", o.committerName());
      n.put("committer_email", o.committerEmail());
      n.put("author_name", o.authorName());
      n.put("author_email", o.authorEmail());
      n.put("committed_at", o.committedAt() == null ? null : o.committedAt().toString());
      if (o.url() != null) {
        // Reported by a partner (GitHub secret scanning): where it leaked, and GitHub's source
        // label.
        n.put("url", o.url());
        n.put("source", o.source());
      }
      addPerson(people, "committer", o.committerEmail());
      addPerson(people, "author", o.authorEmail());
    }
    d.set("notify", recipients(e, people));
    ObjectNode t = d.putObject("timestamps");
    put(t, "committed_at", e.committedAt());
    put(t, "detected_at", e.detectedAt());
    put(t, "verified_at", e.verifiedAt());
    put(t, "revoked_at", e.revokedAt());
    put(t, "confirmed_dead_at", e.confirmedDeadAt());
    if (e.residualValidationMs() == null) {
      d.putNull("residual_validation_ms");
    } else {
      d.put("residual_validation_ms", e.residualValidationMs());
    }
    return root.toString();
  }

  /**
   * Each address once, compared without regard to case; one who both committed and authored is told
   * as committer (committers are added first for each occurrence, and a later author entry never
   * demotes them).
   */
  private static void addPerson(Map<String, ObjectNode> people, String type, String email) {
    if (email == null || email.isBlank()) {
      return;
    }
    String key = email.strip().toLowerCase(Locale.ROOT);
    ObjectNode known = people.get(key);
    if (known == null) {
      people.put(key, JSON.createObjectNode().put("type", type).put("email", email.strip()));
    } else if (type.equals("committer")) {
      known.put("type", type);
    }
  }

  /**
   * User keys go to the user, organization keys to its admins, and everyone who committed or
   * authored a commit holding the key is told.
   */
  private static ArrayNode recipients(LedgerEntry e, Map<String, ObjectNode> people) {
    ArrayNode to = JSON.createArrayNode();
    if ("user".equals(e.ownerType())) {
      to.addObject()
          .put("type", "user")
          .put("id", e.ownerId())
          .put("organization_id", e.organizationId());
    } else if ("organization".equals(e.ownerType())) {
      to.addObject().put("type", "organization_admins").put("organization_id", e.organizationId());
    }
    people.values().forEach(to::add);
    return to;
  }

  private static JsonNode keyObject(LedgerEntry e) {
    if (e.keyJson() == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(e.keyJson());
    } catch (IOException ex) {
      return JSON.createObjectNode().put("id", e.keyId());
    }
  }

  private static void put(ObjectNode n, String field, Instant t) {
    n.put(field, t == null ? null : t.toString());
  }
}
