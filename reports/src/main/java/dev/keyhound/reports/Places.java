package dev.keyhound.reports;

import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;

/** Where an occurrence was seen, as the flat facts every tabular format prints. */
final class Places {
  private Places() {}

  /** The outermost provenance: the file, commit or staged change that holds any archive. */
  static Provenance root(Provenance p) {
    return p instanceof Provenance.ArchiveMember m ? m.root() : p;
  }

  /** The commit that introduced the occurrence, or null outside history. */
  static Provenance.Git git(Occurrence o) {
    return root(o.provenance()) instanceof Provenance.Git g ? g : null;
  }

  /**
   * {@code git}, {@code staged} or {@code file}: the same words as the JSON report's {@code
   * source}.
   */
  static String source(Occurrence o) {
    Provenance root = root(o.provenance());
    return root instanceof Provenance.Git
        ? "git"
        : root instanceof Provenance.Staged ? "staged" : "file";
  }
}
