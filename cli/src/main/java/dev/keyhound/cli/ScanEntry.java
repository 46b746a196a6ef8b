package dev.keyhound.cli;

import dev.keyhound.rules.OwnJar;
import dev.keyhound.rules.RuleLoader;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Calendar;
import java.util.HashSet;
import java.util.Set;

/**
 * The way in for the plain forms of {@code scan}. Picocli builds its model of {@code scan} (six
 * classes of annotated fields) by reflection, mostly interpreted, through annotation proxy classes
 * the JDK generates at run time: ~50 ms of the main thread's CPU on every start, and ~25 ms more of
 * the compiler's, before a file is read (an empty scan: 0.25 -> 0.23 s, 320 -> 270 ms of CPU). So
 * the forms a script or CI job writes are parsed by hand: targets, the scan's flags and a few
 * options whose values picocli takes as they are ({@link #runWithoutPicocli}). Anything else (help,
 * a typo, a repeated option, an {@code @file}, a value that looks like an option, a ledger from
 * {@code $KEYHOUND_LEDGER}) goes to picocli, which then knows only {@code scan} ({@link
 * Main#commandLineFor}). {@code ScanEntryTest} runs each form both ways and compares what they
 * print and exit with.
 */
final class ScanEntry {
  private ScanEntry() {}

  /**
   * Two first-use costs a scan would pay on its busiest threads, paid instead on a thread of its
   * own from {@code main}'s first line, while the second core only compiles:
   *
   * <ul>
   *   <li>the jar that holds the rule pack and the detector's tables is opened: reading
   *       keyhound.jar's directory (~35,000 entries, ~15 ms) was the largest step between the
   *       arguments and the rules, on the main thread ({@link OwnJar#open} keeps it open);
   *   <li>a {@link Calendar} is made: Commons Compress makes one for each zip entry's time, and the
   *       first in a JVM sets up the JDK's locale providers (~15-20 ms, interpreted), which the
   *       first scan thread to meet a zip paid. A scan without a zip spends that CPU for nothing,
   *       on a core that was idle.
   * </ul>
   */
  static void prepareEarly() {
    File jar = OwnJar.of(RuleLoader.class);
    Thread t =
        new Thread(
            new Runnable() {
              @Override
              public void run() {
                try {
                  if (jar != null) {
                    OwnJar.open(jar);
                  }
                } catch (IOException e) {
                  // The rules' own read reports it.
                }
                Calendar.getInstance();
              }
            },
            "keyhound-prepare");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Runs {@code scan} when every argument is a plain target or one of the options below, each given
   * once ({@code --report} as often as wanted); returns null for anything else, which picocli then
   * parses.
   *
   * <ul>
   *   <li>flags: {@code --no-git}, {@code -q}/{@code --quiet}, {@code -v}/{@code --verbose}, {@code
   *       --no-worktree}, {@code --incremental}, {@code --no-extract}, {@code --show-secrets},
   *       {@code --include-bad-checksums};
   *   <li>{@code -f}/{@code --format}, {@code --since}, {@code --branch} with a word; {@code
   *       --config}, {@code --report}, {@code --baseline} with a path; {@code --threads} with
   *       digits. A long option's value may follow it or be attached with {@code =}.
   * </ul>
   */
  static Integer runWithoutPicocli(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length == 0 || !args[0].equals("scan") || System.getenv("KEYHOUND_LEDGER") != null) {
      return null;
    }
    ScanCommand c = ScanCommand.withoutPicocli(out, err);
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        Path target = HookEntry.plainPath(arg);
        if (target == null) {
          return null;
        }
        c.targets.add(target);
        continue;
      }
      int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
      String name = eq > 0 ? arg.substring(0, eq) : arg;
      String attached = eq > 0 ? arg.substring(eq + 1) : null;
      String option = canonical(name);
      if (option == null || !seen.add(option) && !option.equals("--report")) {
        return null;
      }
      if (FLAGS.contains(option)) {
        if (attached != null) {
          return null;
        }
        setFlag(c, option);
        continue;
      }
      String value = attached != null ? attached : i + 1 < args.length ? args[++i] : null;
      if (value == null || !setValue(c, option, value)) {
        return null;
      }
    }
    try {
      int code = c.call();
      out.flush();
      err.flush();
      return code;
    } catch (Exception e) {
      // What picocli's execution handler in Main does, which reads --verbose from the arguments.
      int code = Main.failed(e, c.logging.verbose, err);
      out.flush();
      return code;
    }
  }

  private static final Set<String> FLAGS =
      Set.of(
          "--no-git",
          "--quiet",
          "--verbose",
          "--no-worktree",
          "--incremental",
          "--no-extract",
          "--show-secrets",
          "--include-bad-checksums");

  private static final Set<String> VALUED =
      Set.of("--format", "--since", "--branch", "--config", "--report", "--baseline", "--threads");

  /** The option's long name, or null for one this entry leaves to picocli. */
  private static String canonical(String name) {
    return switch (name) {
      case "-q" -> "--quiet";
      case "-v" -> "--verbose";
      case "-f" -> "--format";
      default -> FLAGS.contains(name) || VALUED.contains(name) ? name : null;
    };
  }

  private static void setFlag(ScanCommand c, String option) {
    switch (option) {
      case "--no-git" -> c.noGit = true;
      case "--quiet" -> c.logging.quiet = true;
      case "--verbose" -> c.logging.verbose = true;
      case "--no-worktree" -> c.gitOptions.noWorktree = true;
      case "--incremental" -> c.gitOptions.incremental = true;
      case "--no-extract" -> c.extraction.noExtract = true;
      case "--show-secrets" -> c.reportOptions.showSecrets = true;
      case "--include-bad-checksums" -> c.includeBadChecksums = true;
      default -> throw new IllegalArgumentException("not a flag: " + option);
    }
  }

  /** Sets the option as picocli would; false for a value picocli should see. */
  private static boolean setValue(ScanCommand c, String option, String value) {
    if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
      return false;
    }
    switch (option) {
      case "--format" -> c.reportOptions.format = value;
      case "--since" -> c.gitOptions.since = value;
      case "--branch" -> c.gitOptions.branch = value;
      case "--threads" -> {
        if (value.length() > 9 || !digits(value)) {
          return false;
        }
        c.threads = Integer.parseInt(value);
      }
      default -> {
        Path path = HookEntry.plainPath(value);
        if (path == null) {
          return false;
        }
        switch (option) {
          case "--config" -> c.configFile = path;
          case "--report" -> c.reportOptions.reports.add(path);
          case "--baseline" -> c.baseline = path;
          default -> throw new IllegalArgumentException("not a valued option: " + option);
        }
      }
    }
    return true;
  }

  private static boolean digits(String value) {
    for (int k = 0; k < value.length(); k++) {
      if (value.charAt(k) < '0' || value.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }
}
