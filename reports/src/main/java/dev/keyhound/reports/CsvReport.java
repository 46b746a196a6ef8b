package dev.keyhound.reports;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV for spreadsheets: a header row, then one row per occurrence, quoted as RFC 4180 says (CRLF
 * rows, fields with a comma, quote or line break in double quotes). Free-text cells that a
 * spreadsheet would run as a formula (leading {@code = + - @}, tab or CR) get a leading apostrophe,
 * as OWASP advises for CSV injection.
 */
public final class CsvReport implements ReportWriter {
  /** The column names, in order; a contract like the JSON field names (added to, never renamed). */
  public static final List<String> COLUMNS =
      List.of(
          "finding_id",
          "rule_id",
          "description",
          "redacted",
          "checksum_valid",
          "entropy",
          "source",
          "path",
          "line",
          "column",
          "commit",
          "author_name",
          "author_email",
          "date",
          "repository",
          "verification",
          "remediation_state",
          "occurrence_id",
          "committer_name",
          "committer_email",
          "owner_type",
          "owner_id",
          "organization_id",
          "permissions");

  // Never close the target: on the command line it is standard output.
  private static final CsvMapper MAPPER =
      CsvMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

  @Override
  public void write(Report report, Writer out) throws IOException {
    List<String> columns = new ArrayList<>(COLUMNS);
    if (report.showSecrets()) {
      columns.add(columns.indexOf("redacted") + 1, "secret");
    }
    CsvSchema.Builder schema = CsvSchema.builder().setLineSeparator("\r\n").setUseHeader(true);
    columns.forEach(schema::addColumn);
    try (SequenceWriter rows = MAPPER.writerFor(List.class).with(schema.build()).writeValues(out)) {
      for (Finding f : report.scan().findings()) {
        for (Occurrence o : f.occurrences()) {
          rows.write(row(report, f, o));
        }
      }
    }
    out.flush();
  }

  private static List<String> row(Report report, Finding f, Occurrence o) {
    Provenance.Git git = Places.git(o);
    FindingStatus s = report.status(f.id());
    List<String> row = new ArrayList<>();
    row.add(f.id());
    row.add(f.ruleId());
    row.add(neutralise(f.description()));
    row.add(neutralise(f.redacted()));
    if (report.showSecrets()) {
      row.add(neutralise(f.secret()));
    }
    row.add(f.checksumValid() == null ? "" : f.checksumValid().toString());
    row.add(String.valueOf(Math.round(f.entropy() * 1000) / 1000.0));
    row.add(Places.source(o));
    row.add(neutralise(o.provenance().path()));
    row.add(String.valueOf(o.line()));
    row.add(String.valueOf(o.column()));
    row.add(git == null ? "" : git.commit());
    row.add(git == null ? "" : neutralise(git.authorName()));
    row.add(git == null ? "" : neutralise(git.authorEmail()));
    row.add(git == null || git.date() == null ? "" : git.date().toString());
    row.add(git == null || git.repository() == null ? "" : neutralise(git.repository()));
    row.add(s == null || s.verification() == null ? "" : s.verification());
    row.add(s == null || s.state() == null ? "" : s.state());
    row.add(o.id());
    row.add(git == null ? "" : neutralise(git.committerName()));
    row.add(git == null ? "" : neutralise(git.committerEmail()));
    row.add(s == null || s.ownerType() == null ? "" : neutralise(s.ownerType()));
    row.add(s == null || s.ownerId() == null ? "" : neutralise(s.ownerId()));
    row.add(s == null || s.organizationId() == null ? "" : neutralise(s.organizationId()));
    // Space-separated, as OAuth scopes are written.
    row.add(s == null ? "" : neutralise(String.join(" ", s.permissions())));
    return row;
  }

  /** Keeps a spreadsheet from evaluating a cell as a formula (CSV injection). */
  static String neutralise(String value) {
    if (value == null || value.isEmpty()) {
      return value == null ? "" : value;
    }
    char c = value.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
        ? "'" + value
        : value;
  }
}
