package dev.keyhound.cli;

import dev.keyhound.scanner.FileSource;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.StateDir;
import dev.keyhound.scanner.StreamSource;
import dev.keyhound.scanner.git.GitHistorySource;
import dev.keyhound.scanner.git.GitProgress;
import dev.keyhound.scanner.git.GitRepos;
import dev.keyhound.scanner.git.GitScope;
import dev.keyhound.scanner.git.IncrementalState;
import dev.keyhound.scanner.git.IncrementalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * Turns scan targets into sources: a work tree or bare repository becomes its history (plus
 * uncommitted files), a remote URL is cloned bare into a temporary folder (removed on close),
 * anything else is read as files.
 */
final class Targets implements AutoCloseable {
  private static final Pattern URL =
      Pattern.compile("^(https?|ssh|git|file):/.*|^[\\w.-]+@[\\w.-]+:.*");

  private final boolean noGit;
  private final GitOptions git;
  private final long maxFileSize;
  private final GitProgress progress = new GitProgress();
  private final List<Path> clones = new ArrayList<>();
  private final List<GitHistorySource> histories = new ArrayList<>();
  private final List<String> names = new ArrayList<>();
  private IncrementalStore state;
  private CredentialsProvider credentials;

  Targets(boolean noGit, GitOptions git, long maxFileSize) {
    if (noGit && git.anyHistoryOption()) {
      throw new UserError(
          "--no-worktree, --since, --branch and --incremental need history: drop --no-git");
    }
    this.noGit = noGit;
    this.git = git;
    this.maxFileSize = maxFileSize;
  }

  /**
   * Keeps {@code --incremental} state in {@code store} (the shared ledger for fleet workers) rather
   * than in the state folder's SQLite file; the store is closed with these targets.
   */
  Targets withIncrementalStore(IncrementalStore store) {
    this.state = store;
    return this;
  }

  /** Credentials for cloning remote URLs (a token for private repositories), or none. */
  Targets withCredentials(CredentialsProvider credentials) {
    this.credentials = credentials;
    return this;
  }

  GitProgress progress() {
    return progress;
  }

  boolean hasHistory() {
    return !histories.isEmpty();
  }

  /**
   * One source per target; bad refs or revisions are usage errors raised here, before any scanning.
   */
  List<Source> sources(List<Path> targets) {
    List<Source> out = new ArrayList<>();
    for (Path typed : targets) {
      String url = remoteUrl(typed);
      if (url != null) {
        out.add(clone(url));
        continue;
      }
      if (typed.toString().equals("-")) {
        out.add(new StreamSource("-", Targets::stdin, maxFileSize));
        continue;
      }
      // The user named this target: a symbolic link to it is followed (links inside it are not).
      Path t = followed(typed);
      if (kind(t) == Kind.STREAM) {
        out.add(new StreamSource(typed.toString(), () -> Files.newInputStream(t), maxFileSize));
      } else if (!noGit && GitRepos.isRepository(t)) {
        out.add(history(t, t.toAbsolutePath().normalize().toString()));
      } else {
        if (Files.isDirectory(t.resolve(".git"))) {
          // A work tree read as files still has JGit read its .gitignore files and config.
          GitRepos.configureJGit(t.resolve(".git").toFile());
        }
        out.add(new FileSource(t, maxFileSize));
      }
    }
    return out;
  }

  private enum Kind {
    FILE_OR_FOLDER,
    STREAM
  }

  /** The target, or what its symbolic link points at; a missing target is a usage error. */
  private static Path followed(Path typed) {
    if (!Files.exists(typed)) {
      throw new UserError(
          Files.isSymbolicLink(typed)
              ? "target is a broken symbolic link: " + typed
              : "target does not exist: " + typed);
    }
    if (!Files.isSymbolicLink(typed)) {
      return typed;
    }
    try {
      Path real = typed.toRealPath();
      // A process substitution is a link to "pipe:[…]", which has no real path: read the link.
      return Files.exists(real) ? real : typed;
    } catch (IOException e) {
      return typed;
    }
  }

  /** Files and folders are walked, FIFOs read as one stream; devices and sockets are refused. */
  private static Kind kind(Path t) {
    if (Files.isRegularFile(t) || Files.isDirectory(t)) {
      return Kind.FILE_OR_FOLDER;
    }
    int mode;
    try {
      mode = (Integer) Files.getAttribute(t, "unix:mode");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new UserError("cannot tell what kind of file the target is: " + t);
    }
    int type = mode & 0170000;
    if (type == 0010000) {
      return Kind.STREAM;
    }
    throw new UserError(
        "target is a "
            + (type == 0020000 ? "character device" : type == 0060000 ? "block device" : "socket")
            + ", not a file, folder, FIFO or repository: "
            + t);
  }

  private static java.io.InputStream stdin() {
    // keyhound reads standard input once; closing it is for the process to do, not a source.
    return new java.io.FilterInputStream(System.in) {
      @Override
      public void close() {}
    };
  }

  /** Target names for the report: URLs as given (without credentials), paths as typed. */
  List<String> names(List<Path> targets) {
    return targets.stream()
        .map(t -> remoteUrl(t) == null ? t.toString() : withoutCredentials(remoteUrl(t)))
        .toList();
  }

  private Source history(Path dir, String repository) {
    GitScope scope =
        new GitScope(
            git.branch == null ? List.of() : List.of(git.branch),
            git.since == null ? List.of() : List.of(git.since),
            !git.noWorktree);
    Map<String, List<dev.keyhound.scanner.Provenance>> carried = Map.of();
    if (git.incremental) {
      try {
        scope = scope.withScanned(state().scannedTips(repository));
        carried = state().carried(repository);
      } catch (SQLException e) {
        throw new UserError("cannot read incremental state: " + e.getMessage(), ExitCode.USAGE, e);
      }
    }
    GitHistorySource source =
        new GitHistorySource(dir, repository, scope, maxFileSize, progress, carried);
    try {
      source.validate();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
    histories.add(source);
    names.add(repository);
    return source;
  }

  private Source clone(String url) {
    String shown = withoutCredentials(url);
    try {
      Path dir = Files.createTempDirectory("keyhound-clone-");
      clones.add(dir);
      GitRepos.configureJGit(dir.toFile());
      // A mirror clone is bare (nothing checked out, so no filters run) and fetches every ref, not
      // only branches.
      Git.cloneRepository()
          .setURI(url)
          .setMirror(true)
          .setDirectory(dir.toFile())
          .setCredentialsProvider(credentials)
          .call()
          .close();
      return history(dir, shown);
    } catch (IOException | GitAPIException | RuntimeException e) {
      if (e instanceof UserError u) {
        throw u;
      }
      String message = "cannot clone: " + e.getMessage();
      return new Source() {
        @Override
        public String describe() {
          return shown;
        }

        @Override
        public void emit(Sink sink) throws IOException {
          throw new IOException(message);
        }
      };
    }
  }

  /** Records what the git sources scanned, for the next {@code --incremental} run. */
  void recordIncremental(ScanResult result) {
    if (!git.incremental) {
      return;
    }
    try {
      for (int i = 0; i < histories.size(); i++) {
        state().record(names.get(i), histories.get(i).scannedTips(), result);
      }
    } catch (SQLException e) {
      throw new UserError("cannot save incremental state: " + e.getMessage(), ExitCode.PARTIAL, e);
    }
  }

  private IncrementalStore state() throws SQLException {
    if (state == null) {
      try {
        state = IncrementalState.open(StateDir.fromEnvironment().file(IncrementalState.FILE));
      } catch (java.io.UncheckedIOException e) {
        // Only --incremental needs the state folder; a plain scan never gets here.
        throw new UserError(
            "--incremental keeps its state in the keyhound state folder: "
                + e.getMessage()
                + " ("
                + e.getCause().getMessage()
                + "; set KEYHOUND_HOME to a writable folder)",
            ExitCode.USAGE,
            e);
      }
    }
    return state;
  }

  /**
   * The URL a target names, or null. Path.of collapses "//", so "https:/host/x" is turned back into
   * a URL.
   */
  static String remoteUrl(Path target) {
    String s = target.toString();
    if (!URL.matcher(s).matches() || Files.exists(target)) {
      return null;
    }
    int colon = s.indexOf(':');
    String scheme = s.substring(0, colon);
    String rest = s.substring(colon + 1);
    if (s.contains("@") && !rest.startsWith("/")) {
      return s;
    }
    String path = rest.replaceFirst("^/+", "");
    return scheme.equals("file") ? "file:///" + path : scheme + "://" + path;
  }

  private static String withoutCredentials(String url) {
    return url.replaceFirst("://[^/@]+@", "://");
  }

  @Override
  public void close() {
    if (state != null) {
      try {
        state.close();
      } catch (SQLException ignored) {
        // closing a read/written database cannot lose data that record() committed
      }
    }
    for (Path dir : clones) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover temp folder is harmless; the OS cleans its temp directory
      }
    }
  }
}
