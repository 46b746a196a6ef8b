package dev.keyhound.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import java.io.IOException;
import java.security.PublicKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GitHub's secret scanning partner alerts: checks the signature before reading the body, then
 * writes every token to the ledger in one transaction. Issuer-format tokens become findings that
 * the worker verifies, revokes and reports like scanned ones, with GitHub's url and source as their
 * occurrence; other tokens are recorded (as a keyed hash) and ignored.
 */
public final class GithubAlerts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final GithubKeys keys;
  private final Ledger ledger;
  private final Fingerprinter fingerprinter;

  /** What became of one request. */
  public sealed interface Answer permits Accepted, Rejected {}

  /** A verified batch, written to the ledger. */
  public record Accepted(int tokens, int queued, int ignored) implements Answer {}

  /**
   * A refused request: {@code reason} is a short label (for metrics and logs), never the body.
   *
   * @param status 401 for signature problems, 400 for a verified but unreadable body
   */
  public record Rejected(int status, String reason) implements Answer {}

  public GithubAlerts(GithubKeys keys, Ledger ledger, Fingerprinter fingerprinter) {
    this.keys = keys;
    this.ledger = ledger;
    this.fingerprinter = fingerprinter;
  }

  /** Handles one POST: its two signature headers (either may be null) and its raw body. */
  public Answer receive(String keyIdentifier, String signature, byte[] body) throws SQLException {
    if (keyIdentifier == null || keyIdentifier.isBlank() || signature == null) {
      return new Rejected(401, "missing_signature");
    }
    Optional<PublicKey> key = keys.find(keyIdentifier.trim());
    if (key.isEmpty()) {
      return new Rejected(401, "unknown_key");
    }
    if (!GithubSignature.verify(key.get(), body, signature)) {
      return new Rejected(401, "bad_signature");
    }
    List<JsonNode> tokens = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || !root.isArray()) {
        return new Rejected(400, "not_an_array");
      }
      for (JsonNode t : root) {
        if (!t.isObject() || !t.path("token").isTextual()) {
          return new Rejected(400, "token_missing");
        }
        tokens.add(t);
      }
    } catch (IOException e) {
      return new Rejected(400, "malformed_json");
    }
    int[] queued = {0};
    ledger.inTransaction(
        () -> {
          for (JsonNode t : tokens) {
            if (record(t)) {
              queued[0]++;
            }
          }
        });
    return new Accepted(tokens.size(), queued[0], tokens.size() - queued[0]);
  }

  /** Records one token; returns whether it is the issuer's (and so queued for verification). */
  private boolean record(JsonNode t) throws SQLException {
    String token = t.path("token").asText();
    String type = t.path("type").asText(null);
    String url = t.path("url").asText(null);
    String source = t.path("source").asText(null);
    String hash = fingerprinter.secretHash(token);
    if (!KeyFormat.ISSUER.hasShape(token)) {
      ledger.recordGithubAlert(hash, type, url, source, null, "ignored");
      return false;
    }
    String id = fingerprinter.findingId(RuleSet.ISSUER_RULE_ID, token);
    String where = url == null ? "github:" + (source == null ? "unknown" : source) : url;
    Occurrence o =
        new Occurrence(
            fingerprinter.occurrenceId(id, "github", 0, token.length(), where),
            new Provenance.File(where),
            "github",
            1,
            1);
    Finding f =
        new Finding(
            id,
            RuleSet.ISSUER_RULE_ID,
            "reported by GitHub secret scanning",
            token,
            null,
            0,
            List.of(o));
    ledger.recordReported(f, hash, true, url, source);
    ledger.recordGithubAlert(hash, type, url, source, id, "queued");
    return true;
  }
}
