package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The plan shapes and DFA tables of rules outside the built-in pack (a gitleaks configuration, a
 * team's own pack), kept in the user's cache folder between runs as {@link PlanCache} keeps the
 * built-in pack's in the jar. With gitleaks' ~200 rules, deciding the shapes took ~0.5 CPU-s on one
 * thread before any text could be scanned, and each rule the scan triggered had its regex parsed
 * and automata built again.
 *
 * <p>One file per set of such rules, named by a digest of the rules (ids, regexes, flags,
 * keywords), the plan layout and this keyhound build: another build, or any edit to a rule, reads
 * nothing stale. The file is replaced whole (written aside, then moved) when a scan built tables it
 * did not hold, so concurrent scans read one version or the other. It is only a cache: a file that
 * cannot be read or written costs the time it would have saved, never a finding. The {@value
 * #KEPT_FILES} most recently written files are kept.
 */
final class SavedPlans {
  private final Path file;

  /** What the file holds: what was read, then what this process last wrote. */
  private PlanCache loaded;

  private SavedPlans(Path file, PlanCache loaded) {
    this.file = file;
    this.loaded = loaded;
  }

  /**
   * The saved plans of {@code rules} in {@code folder} (none yet when there is no such file), or
   * null when this build cannot be named (plans are then neither read nor saved).
   */
  static SavedPlans open(Path folder, List<Rule> rules) {
    String build = build();
    if (build == null) {
      return null;
    }
    Path file = folder.resolve("plans-" + digest(build, rules) + ".bin");
    PlanCache loaded = PlanCache.EMPTY;
    try (InputStream in = Files.newInputStream(file)) {
      loaded = PlanCache.readFile(in);
    } catch (NoSuchFileException e) {
      // the first run with these rules
    } catch (IOException | RuntimeException e) {
      // damaged or unreadable: decided afresh, and replaced after the scan
    }
    return new SavedPlans(file, loaded);
  }

  /** What was saved. */
  synchronized PlanCache cache() {
    return loaded;
  }

  Path file() {
    return file;
  }

  /**
   * Saves the shapes of {@code plans}' rules and the tables built so far, unless the file holds
   * them all already. Failures are swallowed.
   */
  synchronized void save(List<RulePlan> plans) {
    boolean missing = false;
    for (RulePlan p : plans) {
      missing |=
          loaded.shapeFor(p.rule) == null
              || (p.builtTables() != null && !loaded.holdsTablesFor(p.rule));
    }
    if (!missing) {
      return;
    }
    Path aside = null;
    try {
      Files.createDirectories(file.getParent());
      aside = Files.createTempFile(file.getParent(), "plans-", ".tmp");
      PlanCache written = PlanCache.ofPlans(plans, loaded);
      try (OutputStream out = Files.newOutputStream(aside)) {
        written.writeFile(out);
      }
      try {
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING);
      }
      aside = null;
      loaded = written;
      prune(file.getParent(), KEPT_FILES);
    } catch (IOException | RuntimeException e) {
      // only a cache
    } finally {
      if (aside != null) {
        try {
          Files.deleteIfExists(aside);
        } catch (IOException e) {
          // left for the next run's temp-file name to avoid
        }
      }
    }
  }

  /**
   * Plan files kept in the folder: each keyhound build and each edit of a rule set writes one, and
   * the older ones would otherwise pile up (~0.6 MB each for gitleaks' rules).
   */
  static final int KEPT_FILES = 16;

  /**
   * Deletes all but the {@code keep} most recently written plan files in {@code folder}, and what a
   * write that died left aside over an hour ago.
   */
  static void prune(Path folder, int keep) {
    List<Path> plans = new ArrayList<>();
    long hourAgo = System.currentTimeMillis() - 3_600_000L;
    try (DirectoryStream<Path> all = Files.newDirectoryStream(folder, "plans-*")) {
      for (Path p : all) {
        String name = p.getFileName().toString();
        if (name.endsWith(".bin")) {
          plans.add(p);
        } else if (name.endsWith(".tmp") && Files.getLastModifiedTime(p).toMillis() < hourAgo) {
          Files.deleteIfExists(p);
        }
      }
      if (plans.size() <= keep) {
        return;
      }
      Map<Path, Long> written = new HashMap<>();
      for (Path p : plans) {
        written.put(p, Files.getLastModifiedTime(p).toMillis());
      }
      plans.sort(Comparator.comparing((Path p) -> written.get(p)).reversed());
      for (Path p : plans.subList(keep, plans.size())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // only a cache: tidied on a later save
    }
  }

  /** Names the rules and the build that decides their plans. */
  static String digest(String build, List<Rule> rules) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      update(sha, "keyhound plans " + PlanCache.VERSION + " " + Runtime.version().feature());
      update(sha, build);
      for (Rule r : rules) {
        update(sha, r.id());
        update(sha, r.pattern().source());
        update(sha, Integer.toString(r.pattern().flags()));
        update(sha, String.join("\n", r.keywords()));
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /**
   * This build of the detector: the jar (or class folder) it was loaded from, with its size and
   * time, so that a rebuilt keyhound whose analysis changed never reads an older build's plans;
   * null when it cannot be told.
   */
  static String build() {
    CodeSource source = SavedPlans.class.getProtectionDomain().getCodeSource();
    try {
      Path p = Path.of(source.getLocation().toURI());
      return p + " " + Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static void update(MessageDigest sha, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    sha.update((byte) (b.length >>> 24));
    sha.update((byte) (b.length >>> 16));
    sha.update((byte) (b.length >>> 8));
    sha.update((byte) b.length);
    sha.update(b);
  }
}
