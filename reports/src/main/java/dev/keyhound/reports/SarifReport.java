package dev.keyhound.reports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * SARIF 2.1.0 for code-scanning dashboards: one run, the rules the findings came from (with
 * remediation help), one result per occurrence. Results carry {@code partialFingerprints} derived
 * from the finding id (and the file), never the line, so an alert survives edits that move the
 * secret within its file.
 */
public final class SarifReport implements ReportWriter {
  static final String VERSION = "2.1.0";
  static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String SRCROOT = "%SRCROOT%";

  /** Remediation states after which a leak is no longer live: reported, but as a note. */
  private static final Set<String> DEAD_STATES = Set.of("revoked", "confirmed_dead");

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  @Override
  public void write(Report report, Writer out) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", SCHEMA_URI);
    root.put("version", VERSION);
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", report.toolName());
    driver.put("version", report.toolVersion());
    driver.put("semanticVersion", report.toolVersion());
    List<String> ruleIds = SarifRules.write(driver.putArray("rules"), report.scan().findings());
    run.putObject("originalUriBaseIds")
        .putObject(SRCROOT)
        .put("description", text("The root of the scanned repository or directory."));
    invocation(run.putArray("invocations"), report);
    ArrayNode results = run.putArray("results");
    for (Finding f : report.scan().findings()) {
      for (Occurrence o : f.occurrences()) {
        result(results.addObject(), report, f, o, ruleIds.indexOf(f.ruleId()));
      }
    }
    run.put("columnKind", "utf16CodeUnits");
    MAPPER.writeValue(out, root);
    out.write('\n');
    out.flush();
  }

  private static void invocation(ArrayNode invocations, Report report) {
    ScanResult scan = report.scan();
    ObjectNode inv = invocations.addObject();
    inv.put("executionSuccessful", true);
    inv.put("endTimeUtc", report.generatedAt().toString());
    ArrayNode notes = inv.putArray("toolExecutionNotifications");
    for (Skipped s : scan.skipped()) {
      if (s.reason().isError()) {
        ObjectNode n = notes.addObject();
        n.put("level", "error");
        n.set("message", text(s.describe()));
      }
    }
    if (notes.isEmpty()) {
      inv.remove("toolExecutionNotifications");
    }
  }

  private static void result(ObjectNode r, Report report, Finding f, Occurrence o, int ruleIndex) {
    Provenance p = o.provenance();
    Provenance root = Places.root(p);
    FindingStatus status = report.status(f.id());
    r.put("ruleId", f.ruleId());
    r.put("ruleIndex", ruleIndex);
    r.put("kind", "fail");
    r.put("level", level(f, status));
    String value = report.showSecrets() ? f.secret() : f.redacted();
    String member =
        p == root
            ? null
            : p.path().substring(Math.min(p.path().length(), root.path().length() + 1));
    r.set(
        "message",
        text(
            "Leaked "
                + (f.description().isEmpty() ? f.ruleId() : f.description())
                + ": "
                + value
                + (member == null
                    ? ""
                    : " (in archive member " + member + ", line " + o.line() + ")")
                + ". Rotate or revoke it, then remove it from history. Finding "
                + f.id()
                + "."));
    ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
    ObjectNode artifact = physical.putObject("artifactLocation");
    artifact.put("uri", SarifUris.relative(root.path()));
    artifact.put("uriBaseId", SRCROOT);
    if (member == null) {
      // Inside an archive the line and column belong to the member, not to the file the URI names.
      ObjectNode region = physical.putObject("region");
      region.put("startLine", o.line());
      region.put("startColumn", o.column());
    }
    ObjectNode fp = r.putObject("partialFingerprints");
    fp.put("keyhound/findingId/v1", f.id());
    fp.put("keyhound/findingInFile/v1", sha256(f.id() + '\0' + root.path()));
    ObjectNode props = r.putObject("properties");
    props.put("findingId", f.id());
    props.put("occurrenceId", o.id());
    props.put("source", Places.source(o));
    if (member != null) {
      props.put("archiveMember", member);
    }
    if (root instanceof Provenance.Git git) {
      props.put("commit", git.commit());
      if (git.date() != null) {
        props.put("commitDate", git.date().toString());
      }
      if (git.repository() != null) {
        props.put("repository", git.repository());
      }
    }
    if (status != null && status.verification() != null) {
      props.put("verification", status.verification());
    }
    if (status != null && status.state() != null) {
      props.put("remediationState", status.state());
    }
    if (status != null && status.ownerType() != null) {
      // The key's blast radius as the issuer returned it: who owns it and what it may do.
      props.put("keyId", status.keyId());
      ObjectNode owner = props.putObject("owner");
      owner.put("type", status.ownerType());
      owner.put("id", status.ownerId());
      owner.put("organizationId", status.organizationId());
      status.permissions().forEach(props.putArray("permissions")::add);
    }
  }

  /**
   * Live leaks are errors; bad-checksum (low confidence) values warnings; revoked or dead keys
   * notes.
   */
  private static String level(Finding f, FindingStatus s) {
    if (s != null
        && ((s.state() != null && DEAD_STATES.contains(s.state()))
            || "inactive".equals(s.verification()))) {
      return "note";
    }
    return Boolean.FALSE.equals(f.checksumValid()) ? "warning" : "error";
  }

  static ObjectNode text(String s) {
    return MAPPER.createObjectNode().put("text", s);
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
