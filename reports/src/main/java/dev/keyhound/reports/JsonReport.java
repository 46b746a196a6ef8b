package dev.keyhound.reports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * The {@code keyhound/v1} JSON report: the contract scripts and tests read, so names never change.
 */
public final class JsonReport implements ReportWriter {
  public static final String SCHEMA = "keyhound/v1";
  private static final JsonFactory FACTORY = new JsonFactory();

  @Override
  public void write(Report report, Writer out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      ScanResult scan = report.scan();
      g.writeStartObject();
      g.writeStringField("schema", SCHEMA);
      g.writeObjectFieldStart("tool");
      g.writeStringField("name", report.toolName());
      g.writeStringField("version", report.toolVersion());
      g.writeEndObject();
      g.writeObjectFieldStart("scan");
      g.writeArrayFieldStart("targets");
      for (String t : scan.targets()) {
        g.writeString(t);
      }
      g.writeEndArray();
      g.writeNumberField("files_scanned", scan.filesScanned());
      g.writeNumberField("bytes_scanned", scan.bytesScanned());
      g.writeNumberField("duration_ms", scan.durationMs());
      g.writeStringField("generated_at", report.generatedAt().toString());
      g.writeEndObject();
      g.writeArrayFieldStart("findings");
      for (Finding f : scan.findings()) {
        writeFinding(g, f, report);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("skipped");
      for (Skipped s : scan.skipped()) {
        g.writeStartObject();
        g.writeStringField("location", s.location());
        g.writeStringField("reason", s.reason().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("detail", s.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    out.flush();
  }

  /** One finding object; also used by the JSON Lines writer. */
  static void writeFinding(JsonGenerator g, Finding f, Report report) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", f.id());
    g.writeStringField("rule_id", f.ruleId());
    g.writeStringField("description", f.description());
    g.writeStringField("redacted", f.redacted());
    if (report.showSecrets()) {
      g.writeStringField("secret", f.secret());
    }
    if (f.checksumValid() == null) {
      g.writeNullField("checksum_valid");
    } else {
      g.writeBooleanField("checksum_valid", f.checksumValid());
    }
    g.writeNumberField("entropy", Math.round(f.entropy() * 1000) / 1000.0);
    g.writeArrayFieldStart("occurrences");
    for (Occurrence o : f.occurrences()) {
      writeOccurrence(g, o);
    }
    g.writeEndArray();
    FindingStatus s = report.status(f.id());
    if (s != null) {
      writeStatus(g, s);
    }
    g.writeEndObject();
  }

  private static void writeOccurrence(JsonGenerator g, Occurrence o) throws IOException {
    Provenance p = o.provenance();
    Provenance root = p instanceof Provenance.ArchiveMember m ? m.root() : p;
    g.writeStartObject();
    g.writeStringField("path", p.path());
    g.writeNumberField("line", o.line());
    g.writeNumberField("column", o.column());
    // Only where the content has them: a page of a PDF, a cell of a notebook.
    if (o.page() != null) {
      g.writeNumberField("page", o.page());
    }
    if (o.cell() != null) {
      g.writeNumberField("cell", o.cell());
    }
    if (root instanceof Provenance.Git git) {
      g.writeStringField("commit", git.commit());
      g.writeStringField("author_name", git.authorName());
      g.writeStringField("author_email", git.authorEmail());
      g.writeStringField("committer_name", git.committerName());
      g.writeStringField("committer_email", git.committerEmail());
      g.writeStringField("date", git.date() == null ? null : git.date().toString());
      g.writeArrayFieldStart("refs");
      for (String r : git.refs()) {
        g.writeString(r);
      }
      g.writeEndArray();
      g.writeStringField("repository", git.repository());
      // Only at a shallow clone's cut: the commit holds the file, but may not have introduced it.
      if (git.boundary()) {
        g.writeBooleanField("boundary", true);
      }
    } else {
      g.writeNullField("commit");
      g.writeNullField("author_name");
      g.writeNullField("author_email");
      g.writeNullField("committer_name");
      g.writeNullField("committer_email");
      g.writeNullField("date");
    }
    g.writeStringField(
        "source",
        root instanceof Provenance.Git
            ? "git"
            : root instanceof Provenance.Staged ? "staged" : "file");
    g.writeStringField("occurrence_id", o.id());
    g.writeEndObject();
  }

  private static void writeStatus(JsonGenerator g, FindingStatus s) throws IOException {
    if (s.verification() != null) {
      g.writeObjectFieldStart("verification");
      g.writeStringField("status", s.verification());
      g.writeStringField("reason", s.verificationReason());
      writeInstant(g, "verified_at", s.verifiedAt());
      g.writeStringField("key_id", s.keyId());
      if (s.ownerType() != null) {
        g.writeObjectFieldStart("owner");
        g.writeStringField("type", s.ownerType());
        g.writeStringField("id", s.ownerId());
        g.writeStringField("organization_id", s.organizationId());
        g.writeEndObject();
        g.writeArrayFieldStart("permissions");
        for (String p : s.permissions()) {
          g.writeString(p);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
    if (s.state() != null) {
      g.writeObjectFieldStart("remediation");
      g.writeStringField("state", s.state());
      writeInstant(g, "revoked_at", s.revokedAt());
      writeInstant(g, "confirmed_dead_at", s.confirmedDeadAt());
      if (s.residualValidationMs() == null) {
        g.writeNullField("residual_validation_ms");
      } else {
        g.writeNumberField("residual_validation_ms", s.residualValidationMs());
      }
      g.writeEndObject();
    }
  }

  private static void writeInstant(JsonGenerator g, String name, Instant t) throws IOException {
    g.writeStringField(name, t == null ? null : t.toString());
  }
}
