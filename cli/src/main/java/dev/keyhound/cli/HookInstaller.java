package dev.keyhound.cli;

import dev.keyhound.scanner.git.GitRepos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.Repository;

/**
 * Writes keyhound's hook scripts: into {@code core.hooksPath} when set, else {@code .git/hooks};
 * never over a foreign hook unless forced; with {@code chain}, the foreign hook is kept beside ours
 * and run first.
 */
final class HookInstaller {
  static final String MARKER = "# keyhound-hook";
  static final String CHAINED_SUFFIX = ".keyhound-chained";

  /** Which hook, and the protect mode it runs. */
  enum Kind {
    PRE_COMMIT("pre-commit", "--staged"),
    PRE_PUSH("pre-push", "--pre-push");

    final String fileName;
    final String flag;

    Kind(String fileName, String flag) {
      this.fileName = fileName;
      this.flag = flag;
    }
  }

  /** Where a hook went, and whether it chains an earlier one. */
  record Installed(Path hook, Kind kind, boolean chained) {
    String describe() {
      return kind.fileName
          + " hook at "
          + hook
          + (chained ? " (runs the previous hook first)" : "");
    }
  }

  private final Launcher launcher;

  HookInstaller(Launcher launcher) {
    this.launcher = launcher;
  }

  Installed install(Path dir, Kind kind, boolean force, boolean chain) {
    Path hooks = hooksDir(dir);
    Path hook = hooks.resolve(kind.fileName);
    Path chained = hooks.resolve(kind.fileName + CHAINED_SUFFIX);
    try {
      Files.createDirectories(hooks);
      boolean ours =
          Files.exists(hook) && Files.readString(hook, StandardCharsets.UTF_8).contains(MARKER);
      if (Files.exists(hook) && !ours) {
        if (chain) {
          if (Files.exists(chained)) {
            throw new UserError(chained + " already exists: remove it or install without --chain");
          }
          Files.move(hook, chained, StandardCopyOption.ATOMIC_MOVE);
        } else if (!force) {
          throw new UserError(
              "a "
                  + kind.fileName
                  + " hook that is not keyhound's exists at "
                  + hook
                  + ": use --chain to run it before keyhound, or --force to replace it");
        }
      }
      Path tmp = Files.createTempFile(hooks, kind.fileName, ".tmp");
      Files.writeString(tmp, script(kind), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(tmp, hook, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Installed(hook, kind, Files.exists(chained));
    } catch (IOException e) {
      throw new UserError(
          "cannot install the " + kind.fileName + " hook in " + hooks + ": " + e.getMessage(),
          ExitCode.USAGE,
          e);
    }
  }

  /**
   * {@code core.hooksPath} (relative to the work tree top, {@code ~} expanded) or the repository's
   * hooks folder.
   */
  static Path hooksDir(Path dir) {
    try (Repository repo = GitRepos.discover(dir)) {
      String configured = repo.getConfig().getString("core", null, "hooksPath");
      if (configured == null || configured.isBlank()) {
        return repo.getDirectory().toPath().toAbsolutePath().normalize().resolve("hooks");
      }
      if (configured.startsWith("~/")) {
        return Path.of(System.getProperty("user.home")).resolve(configured.substring(2));
      }
      Path base =
          (repo.isBare() ? repo.getDirectory() : repo.getWorkTree()).toPath().toAbsolutePath();
      return base.resolve(configured).normalize();
    } catch (IOException e) {
      throw new UserError(e.getMessage(), ExitCode.USAGE, e);
    }
  }

  String script(Kind kind) {
    String run =
        launcher.command().stream().map(HookInstaller::quote).collect(Collectors.joining(" "))
            + " protect "
            + kind.flag;
    String stdin = kind == Kind.PRE_PUSH ? "printf '%s\\n' \"$input\" | " : "";
    return "#!/bin/sh\n"
        + MARKER
        + ": installed by 'keyhound hook install'; run it again to update, delete this file to remove.\n"
        + "# git passes nothing the check needs beyond stdin (pre-push); keyhound reads the repository itself.\n"
        + (kind == Kind.PRE_PUSH ? "input=$(cat)\n" : "")
        + "chained=\"$(dirname \"$0\")/"
        + kind.fileName
        + CHAINED_SUFFIX
        + "\"\n"
        + "if [ -x \"$chained\" ]; then "
        + stdin
        + "\"$chained\" \"$@\" || exit $?; fi\n"
        + "if [ -x "
        + quote(launcher.program())
        + " ]; then "
        + stdin
        + run
        + "; exit $?; fi\n"
        + "if command -v keyhound >/dev/null 2>&1; then "
        + stdin
        + "keyhound protect "
        + kind.flag
        + "; exit $?; fi\n"
        + "echo \"keyhound: cannot run "
        + launcher.program().replace("\"", "")
        + " and no keyhound on PATH;"
        + " reinstall the hook or delete $0\" >&2\n"
        + "exit 1\n";
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
