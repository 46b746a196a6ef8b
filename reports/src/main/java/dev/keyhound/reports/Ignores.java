package dev.keyhound.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code .keyhoundignore} at a repository's root: finding ids to accept, one per line; {@code #}
 * starts a comment (a whole line, or after the id), blank lines are skipped. Used by {@code scan}
 * and {@code protect --staged}: {@code Ignores.load(repoRoot).apply(result)}.
 */
public final class Ignores {
  /** The file's name at the repository root. */
  public static final String FILE_NAME = ".keyhoundignore";

  private Ignores() {}

  /**
   * The ignore file of a repository root (or of the folder holding a scanned file); none if absent.
   */
  public static FindingFilter load(Path root) {
    Path dir = Files.isDirectory(root) ? root : root.toAbsolutePath().getParent();
    if (dir == null) {
      return FindingFilter.none(FILE_NAME);
    }
    return read(dir.resolve(FILE_NAME));
  }

  /**
   * Reads one ignore file; a missing file accepts nothing, an unreadable one is a problem, not a
   * crash.
   */
  public static FindingFilter read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return FindingFilter.none(file.toString());
    } catch (IOException e) {
      return new FindingFilter(
          file.toString(), Set.of(), List.of(file + ": cannot read: " + e.getMessage()));
    }
    Set<String> ids = new LinkedHashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String id = (hash >= 0 ? line.substring(0, hash) : line).strip().toLowerCase(Locale.ROOT);
      if (id.isEmpty()) {
        continue;
      }
      if (FindingFilter.looksLikeId(id)) {
        ids.add(id);
      } else {
        // Never echo the entry: someone may have pasted the secret itself instead of its id.
        problems.add(
            file
                + ":"
                + (i + 1)
                + ": not a finding id (expected hex, as in a report's \"id\"); ignored");
      }
    }
    return new FindingFilter(file.toString(), ids, problems);
  }
}
