package dev.keyhound.reports;

import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Printable;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Objects;

/** The terminal report: one short block per finding and a summary line; colour only when asked. */
public final class TextReport implements ReportWriter {
  private final boolean colour;
  private final boolean summary;

  public TextReport(boolean colour) {
    this(colour, true);
  }

  /**
   * @param summary whether to end with the summary line ({@code --quiet} prints findings only)
   */
  public TextReport(boolean colour, boolean summary) {
    this.colour = colour;
    this.summary = summary;
  }

  @Override
  public void write(Report report, Writer w) throws IOException {
    PrintWriter out = new PrintWriter(w);
    ScanResult scan = report.scan();
    for (Finding f : scan.findings()) {
      String value = report.showSecrets() ? f.secret() : f.redacted();
      out.println(
          paint("1;31", esc(f.ruleId()))
              + "  "
              + esc(value)
              + confidence(f)
              + "  "
              + paint("2", "id " + f.id()));
      if (!f.description().isEmpty()) {
        out.println("  " + esc(f.description()));
      }
      FindingStatus s = report.status(f.id());
      if (s != null) {
        // The verification is what the key was when found; the state is what remediation made of it
        // since.
        out.println(
            "  "
                + (s.verification() == null ? "unverified" : "found " + s.verification())
                + (s.state() == null ? "" : "; remediation: " + s.state().replace('_', ' ')));
        if (s.ownerText() != null) {
          out.println(
              "  owner "
                  + esc(s.ownerText())
                  + (s.keyId() == null ? "" : ", key " + esc(s.keyId()))
                  + "; permissions: "
                  + (s.permissions().isEmpty() ? "none" : esc(String.join(", ", s.permissions()))));
        }
      }
      for (Occurrence o : f.occurrences()) {
        out.println(
            "  at "
                + esc(o.provenance().path())
                + ":"
                + o.line()
                + ":"
                + o.column()
                + (o.page() == null ? "" : " (page " + o.page() + ")")
                + (o.cell() == null ? "" : " (cell " + o.cell() + ")")
                + where(o.provenance()));
      }
      out.println();
    }
    if (!summary) {
      out.flush();
      return;
    }
    long errors = scan.skipped().stream().filter(x -> x.reason().isError()).count();
    long submodules =
        scan.skipped().stream()
            .filter(x -> x.reason() == Skipped.Reason.SUBMODULE)
            .map(Skipped::location)
            .distinct()
            .count();
    long notes =
        scan.skipped().stream()
            .filter(x -> !x.reason().isShown() && x.reason() != Skipped.Reason.SUBMODULE)
            .count();
    int occurrences = scan.findings().stream().mapToInt(f -> f.occurrences().size()).sum();
    out.printf(
        "%s: %d finding(s), %d occurrence(s) in %d file(s), %s in %d ms%s%s%s%n",
        scan.findings().isEmpty() ? paint("32", "no leaks found") : paint("1;31", "leaks found"),
        scan.findings().size(),
        occurrences,
        scan.filesScanned(),
        human(scan.bytesScanned()),
        scan.durationMs(),
        notes > 0 ? ", " + notes + " skipped" : "",
        submodules > 0 ? ", " + submodules + " submodule(s) not entered" : "",
        errors > 0 ? ", " + errors + " unreadable" : "");
    out.flush();
  }

  private static String confidence(Finding f) {
    return Boolean.FALSE.equals(f.checksumValid()) ? "  (low confidence: bad checksum)" : "";
  }

  private static String where(Provenance p) {
    Provenance root = p instanceof Provenance.ArchiveMember m ? m.root() : p;
    if (root instanceof Provenance.Git g && g.boundary()) {
      return "  commit "
          + g.commit().substring(0, Math.min(12, g.commit().length()))
          + " (shallow clone boundary: introduced there or earlier)";
    }
    if (root instanceof Provenance.Git g) {
      return "  commit "
          + g.commit().substring(0, Math.min(12, g.commit().length()))
          + " by "
          + esc(g.authorName())
          + " <"
          + esc(g.authorEmail())
          + ">"
          + committedBy(g)
          + (g.date() == null ? "" : " on " + g.date());
    }
    if (root instanceof Provenance.Staged) {
      return "  (staged)";
    }
    return "";
  }

  private String paint(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }

  /**
   * Names the committer only where it differs from the author, so the usual one-person commit reads
   * as before.
   */
  private static String committedBy(Provenance.Git g) {
    if (g.committerEmail() == null
        || (g.committerEmail().equals(g.authorEmail())
            && Objects.equals(g.committerName(), g.authorName()))) {
      return "";
    }
    return ", committed by " + esc(g.committerName()) + " <" + esc(g.committerEmail()) + ">";
  }

  /** Scanned data is shown with its control characters escaped: it cannot drive the terminal. */
  private static String esc(String s) {
    return Printable.escape(s);
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
