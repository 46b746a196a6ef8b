package dev.keyhound.scanner.git;

import java.util.BitSet;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * The 1-based lines of a new version of a file that a diff from the old version adds or changes.
 */
final class AddedLines {
  private static final DiffAlgorithm DIFF =
      DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);
  private final BitSet lines;

  private AddedLines(BitSet lines) {
    this.lines = lines;
  }

  /** Every line: the file is new (or binary, where lines mean little). */
  static AddedLines all() {
    return new AddedLines(null);
  }

  /**
   * The lines a patch marks added: for a file too large to diff here, git's own diff (streamed)
   * says which lines are new.
   */
  static AddedLines marked(BitSet lines) {
    return new AddedLines((BitSet) lines.clone());
  }

  /** The lines of {@code now} that are not carried over unchanged from {@code before}. */
  static AddedLines between(byte[] before, byte[] now) {
    if (RawText.isBinary(before) || RawText.isBinary(now)) {
      return all();
    }
    RawText a = new RawText(before);
    RawText b = new RawText(now);
    EditList edits = DIFF.diff(RawTextComparator.DEFAULT, a, b);
    BitSet set = new BitSet();
    for (Edit e : edits) {
      set.set(e.getBeginB() + 1, e.getEndB() + 1);
    }
    return new AddedLines(set);
  }

  boolean contains(int line) {
    return lines == null || lines.get(line);
  }
}
