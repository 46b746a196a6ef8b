package dev.keyhound.cli;

import dev.keyhound.reports.FindingFilter;
import dev.keyhound.reports.Ignores;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.PhaseTrace;
import dev.keyhound.scanner.Printable;
import dev.keyhound.scanner.ReadSource;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.git.GitCli;
import dev.keyhound.scanner.git.GitHistorySource;
import dev.keyhound.scanner.git.GitRepos;
import dev.keyhound.scanner.git.GitScope;
import dev.keyhound.scanner.git.StagedSource;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Repository;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyhound protect}: the check a git hook runs. Prints nothing and exits 0 when the change
 * is clean; else names each file, line and rule on stderr, says how to allow a false positive, and
 * exits 1.
 */
@Command(
    name = "protect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Stop keys before they enter history: check the staged change or the commits being pushed.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing found",
      "1:a key was found (the commit or push should stop)",
      "2:usage or configuration error",
      "3:something could not be read",
      "4:internal error"
    })
final class ProtectCommand implements Callable<Integer> {
  /**
   * Up to this much staged content is scanned on the calling thread: a typical commit, scanned in
   * milliseconds.
   */
  static final long INLINE_SCAN_BYTES = 1024 * 1024;

  @Spec CommandSpec spec;
  @Mixin LoggingOptions logging;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(
        names = "--staged",
        required = true,
        description = "Scan the lines the index would commit (for a pre-commit hook).")
    boolean staged;

    @Option(
        names = "--pre-push",
        required = true,
        description =
            "Scan the commits being pushed, read as git passes them to a pre-push hook on stdin.")
    boolean prePush;
  }

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "The repository (default: the current folder).")
  Path repo = Path.of(".");

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Rules and settings (gitleaks-compatible TOML). Default: .keyhound.toml at the repository root.")
  Path config;

  @Option(
      names = "--max-file-size",
      paramLabel = "BYTES",
      converter = ByteSize.class,
      description = "Skip larger files (default: 10 MiB).")
  long maxFileSize = ScanOptions.DEFAULT_MAX_FILE_SIZE;

  @Override
  public Integer call() throws IOException {
    return check(spec.commandLine().getErr());
  }

  /**
   * Runs the check, writing what it finds to {@code err}; also called without picocli by {@link
   * HookEntry}.
   */
  int check(PrintWriter err) throws IOException {
    if (maxFileSize <= 0) {
      throw new UserError("--max-file-size must be positive: " + maxFileSize);
    }
    PhaseTrace.mark("main entered");
    // Compiling the built-in rules is the largest part of a hook's start: it runs on the second
    // core while git lists the change. Config.load below then finds the pack loaded (or reads the
    // user's own file).
    Background<RuleSet> builtin = HookEntry.takeEarlyRules();
    if (builtin == null) {
      builtin = startBuiltinRules();
    }
    // A pre-commit hook runs under git, so the user's git reads the index (one process, started
    // before anything else, where JGit takes ~0.1 s to start); without a usable git, and for
    // pre-push, JGit does it all, with its own messages.
    StagedSource viaGit = mode.staged ? stagedViaGit() : null;
    Path top = mode.staged ? GitCli.topLevel(repo) : null;
    if (top == null) {
      if (viaGit != null) {
        viaGit.abandon();
        viaGit = null;
      }
      GitRepos.configureJGit();
      top = topOf(repo);
    }
    PhaseTrace.mark("repository found");
    ScanResult result;
    if (mode.staged) {
      StagedSource staged = viaGit != null ? viaGit : new StagedSource(repo, maxFileSize);
      ReadSource read = ReadSource.of(staged);
      PhaseTrace.mark("staged change read");
      Scanner scanner = scanner(builtin, top, read.bytes());
      List<String> targets = List.of(top.toString());
      result =
          staged.onlyAddedLines(
              read.bytes() <= INLINE_SCAN_BYTES
                  ? scanner.scanOnCallingThread(targets, List.of(read))
                  : scanner.scan(targets, List.of(read)));
      PhaseTrace.mark("staged change scanned");
    } else {
      // Built first: a configuration error stops the push even when nothing is new.
      Scanner scanner = scanner(builtin, top, Long.MAX_VALUE);
      Source pushed = pushedCommits(top, readStdin());
      result = pushed == null ? null : scanner.scan(List.of(top.toString()), List.of(pushed));
      if (result == null) {
        return ExitCode.OK.code();
      }
    }
    // Ids accepted in .keyhoundignore at the repository's top pass the hook too; a broken line is
    // named.
    FindingFilter ignored = Ignores.load(top);
    ignored.problems().forEach(p -> err.println("keyhound: " + p));
    int code = report(ignored.apply(result), err);
    PhaseTrace.mark("reported");
    if (mode.staged && ArchiveTraining.requested()) {
      err.flush();
      ArchiveTraining.exercise(this, builtin, top);
      ArchiveTraining.config();
      ArchiveTraining.modifiedFile();
    }
    return code;
  }

  /**
   * The staged change as git gives it: from the diff that the launcher started before the JVM
   * (named by {@code KEYHOUND_STAGED_DIFF_FD}, only when no {@code --repo} was given), else from
   * git started now.
   */
  private StagedSource stagedViaGit() {
    String fd = System.getenv(LAUNCHED_DIFF_FD);
    if (fd != null && repo.equals(Path.of("."))) {
      try {
        InputStream launched = new FileInputStream("/dev/fd/" + Integer.parseInt(fd.strip()));
        return StagedSource.usingLauncherGit(repo, maxFileSize, launched);
      } catch (IOException | NumberFormatException e) {
        // not open after all: start git here
      }
    }
    return StagedSource.usingGitCommand(repo, maxFileSize);
  }

  /**
   * Starts reading the built-in rules on their own thread; a named class rather than a lambda, so
   * that a hook's first lambda (method handle set-up, milliseconds) is not spent before it starts.
   */
  static Background<RuleSet> startBuiltinRules() {
    return Background.start("keyhound-rules", new BuiltinRules());
  }

  private static final class BuiltinRules implements Callable<RuleSet> {
    @Override
    public RuleSet call() {
      // The JVM's first lambda sets up the method-handle machinery and generates a class at run
      // time (~5 ms of CPU in the interpreter, not archivable); done here, on the second core, it
      // is ready when the main thread, now the longer path, makes its first lambda.
      Runnable first = () -> {};
      first.run();
      RuleSet rules = RuleLoader.builtin();
      PhaseTrace.mark("built-in rules read");
      return rules;
    }
  }

  /** The launcher's variable naming the descriptor that carries its staged diff's output. */
  static final String LAUNCHED_DIFF_FD = "KEYHOUND_STAGED_DIFF_FD";

  Scanner scanner(Background<RuleSet> builtin, Path top, long expectedBytes) throws IOException {
    builtin.get(); // a broken pack fails here as it would have on this thread
    PhaseTrace.mark("rules loaded");
    Config loaded = Config.load(config, top);
    Fingerprinter fingerprinter = IdKeys.from(loaded.file(), System::getenv).withoutLedger();
    Scanner scanner =
        Scanner.createForInputOf(
            expectedBytes,
            loaded.rules(),
            new ScanOptions(
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                maxFileSize,
                DetectorOptions.DEFAULTS),
            fingerprinter);
    PhaseTrace.mark("scanner created");
    return scanner;
  }

  private static Path topOf(Path dir) throws IOException {
    try (Repository r = GitRepos.discover(dir)) {
      return r.isBare() ? r.getDirectory().toPath() : r.getWorkTree().toPath();
    } catch (IOException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
  }

  private static List<String> readStdin() throws IOException {
    // The pre-commit framework gives a pre-push hook its range in the environment, not on stdin.
    String from = System.getenv("PRE_COMMIT_FROM_REF");
    String to = System.getenv("PRE_COMMIT_TO_REF");
    if (to != null && !to.isBlank()) {
      String zero = org.eclipse.jgit.lib.ObjectId.zeroId().name();
      return List.of("HEAD " + to + " remote " + (from == null || from.isBlank() ? zero : from));
    }
    if ("1".equals(System.getenv("PRE_COMMIT"))) {
      // A push that carries the root commit has no range: the framework names the local branch,
      // and all of its history that the remote-tracking refs do not hold is being pushed.
      String local = System.getenv("PRE_COMMIT_LOCAL_BRANCH");
      if (local != null && !local.isBlank() && System.getenv("PRE_COMMIT_REMOTE_NAME") != null) {
        String zero = org.eclipse.jgit.lib.ObjectId.zeroId().name();
        return List.of(local + " " + local + " remote " + zero);
      }
      // Run by the framework at another stage (its manifest names no stages, so that old and new
      // versions load it): nothing is being pushed, and stdin is not git's.
      return List.of();
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return in.lines().toList();
  }

  /**
   * The commits the pushed refs add beyond what the remote has, or null when nothing new is pushed.
   */
  private Source pushedCommits(Path top, List<String> lines) {
    PrePushUpdates updates = PrePushUpdates.parse(lines);
    if (updates.pushed().isEmpty()) {
      return null;
    }
    GitScope scope =
        new GitScope(updates.pushed(), List.of(), false).withScanned(updates.knownToRemote(top));
    return new GitHistorySource(top, top.toString(), scope, maxFileSize);
  }

  int report(ScanResult result, PrintWriter err) {
    for (Skipped s : result.skipped()) {
      if (s.reason().isShown() || logging.verbose) {
        err.println("keyhound: " + s.describe());
      }
    }
    if (result.findings().isEmpty()) {
      return result.hasErrors() ? ExitCode.PARTIAL.code() : ExitCode.OK.code();
    }
    // Appended, not printf'd: the first Formatter loads the locale data (~10 ms of a hook that
    // stops a commit, the run a user waits for). Line numbers print in ASCII digits whatever the
    // locale, as %d printed them in every locale but the few with other digits.
    int count = result.findings().size();
    StringBuilder out = new StringBuilder(256);
    String nl = System.lineSeparator();
    out.append("keyhound: ")
        .append(mode.staged ? "commit" : "push")
        .append(" stopped: ")
        .append(count)
        .append(" secret")
        .append(count == 1 ? "" : "s")
        .append(" in the ")
        .append(mode.staged ? "staged changes" : "commits being pushed")
        .append('.')
        .append(nl);
    for (Finding f : result.findings()) {
      for (Occurrence o : f.occurrences()) {
        String commit = o.provenance().commit();
        out.append("  ")
            .append(Printable.escape(o.provenance().path()))
            .append(':')
            .append(o.line())
            .append("  ")
            .append(Printable.escape(f.ruleId()))
            .append("  ")
            .append(Printable.escape(f.redacted()));
        if (commit != null) {
          out.append("  (commit ").append(commit, 0, 12).append(')');
        }
        out.append(nl);
      }
    }
    err.print(out);
    err.println(
        "Remove the key (and revoke it if it is real). For a false positive, add a 'keyhound:allow'"
            + " comment on that line or an allowlist in .keyhound.toml.");
    err.flush();
    return ExitCode.FINDINGS.code();
  }
}
