package dev.keyhound.scanner.git;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the top of the work tree as git would, without starting git (a process start is a few
 * milliseconds of a hook's start): walks up from a folder to the first {@code .git} folder or
 * {@code gitdir:} file (a linked work tree, a submodule), or takes {@code GIT_DIR} and {@code
 * GIT_WORK_TREE} as git does. Whatever it does not follow exactly ({@code core.worktree}, a bare
 * repository, config includes, ceiling folders, a mount crossed) gives null: the caller asks git.
 */
final class WorkTreeTop {
  private WorkTreeTop() {}

  /** The work tree's top, or null when git must be asked; {@code env} is git's environment. */
  static Path find(Path dir, Map<String, String> env) {
    try {
      if (set(env, "GIT_CEILING_DIRECTORIES")
          || set(env, "GIT_COMMON_DIR")
          || configParametersMayMove(env)) {
        return null;
      }
      Path start = dir.toRealPath();
      if (set(env, "GIT_DIR")) {
        if (set(env, "GIT_WORK_TREE")) {
          return Path.of(env.get("GIT_WORK_TREE")).toAbsolutePath().toRealPath();
        }
        // As git: with GIT_DIR and no work tree named, the folder git runs in is the top.
        Path gitDir = Path.of(env.get("GIT_DIR")).toAbsolutePath();
        return plainGitDir(gitDir, null) ? start : null;
      }
      for (Path d = start; d != null; d = d.getParent()) {
        Path dotGit = d.resolve(".git");
        if (Files.isDirectory(dotGit)) {
          return plainGitDir(dotGit, null) && sameMount(start, d, env) ? d : null;
        }
        if (Files.isRegularFile(dotGit)) {
          Path gitDir = linkedGitDir(dotGit);
          // A submodule's config names its own folder as core.worktree: that is no move.
          return gitDir != null && plainGitDir(gitDir, d) && sameMount(start, d, env) ? d : null;
        }
        if (Files.isRegularFile(d.resolve("HEAD")) && Files.isDirectory(d.resolve("objects"))) {
          return null; // inside a git folder or a bare repository: no work tree here
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean set(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isEmpty();
  }

  /**
   * {@code git -c core.worktree=...} reaches a hook through the environment, as do {@code
   * GIT_CONFIG_KEY_n} settings.
   */
  private static boolean configParametersMayMove(Map<String, String> env) {
    if (mayMove(env.get("GIT_CONFIG_PARAMETERS"))) {
      return true;
    }
    String count = env.get("GIT_CONFIG_COUNT");
    if (count == null || count.isEmpty()) {
      return false;
    }
    int n = Integer.parseInt(count.strip());
    for (int i = 0; i < n; i++) {
      if (mayMove(env.get("GIT_CONFIG_KEY_" + i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean mayMove(String setting) {
    String v = setting == null ? "" : setting.toLowerCase(Locale.ROOT);
    return v.contains("worktree") || v.contains("bare") || v.contains("include");
  }

  /** The folder a {@code .git} file names ("gitdir: PATH", relative to the file's folder). */
  private static Path linkedGitDir(Path dotGitFile) throws IOException {
    String text = read(dotGitFile).strip();
    if (!text.startsWith("gitdir:")) {
      return null;
    }
    return dotGitFile.getParent().resolve(text.substring("gitdir:".length()).strip());
  }

  /**
   * A git folder whose config (its own, and a linked work tree's common one) names no work tree but
   * {@code top} (when given), is not bare and includes nothing.
   */
  private static boolean plainGitDir(Path gitDir, Path top) throws IOException {
    if (!Files.isRegularFile(gitDir.resolve("HEAD"))) {
      return false;
    }
    if (!plainConfig(gitDir, gitDir.resolve("config"), top)
        || !plainConfig(gitDir, gitDir.resolve("config.worktree"), top)) {
      return false;
    }
    Path commonDir = gitDir.resolve("commondir");
    if (Files.isRegularFile(commonDir)) {
      Path common = gitDir.resolve(read(commonDir).strip());
      return plainConfig(gitDir, common.resolve("config"), null);
    }
    return true;
  }

  private static boolean plainConfig(Path gitDir, Path config, Path top) throws IOException {
    if (!Files.isRegularFile(config)) {
      return true;
    }
    for (String raw : read(config).split("\n")) {
      String line = raw.strip().toLowerCase(Locale.ROOT);
      if (line.startsWith("[include")) {
        return false;
      }
      int keyEnd = 0;
      while (keyEnd < line.length() && Character.isLetterOrDigit(line.charAt(keyEnd))) {
        keyEnd++;
      }
      String key = line.substring(0, keyEnd);
      if (key.equals("worktree") && !namesTop(gitDir, raw, top)) {
        return false;
      }
      if (key.equals("bare")) {
        int eq = line.indexOf('=');
        String value = eq < 0 ? "true" : line.substring(eq + 1).strip();
        if (!List.of("false", "no", "off", "0").contains(value)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a {@code worktree = PATH} line names {@code top} (PATH relative to the git folder). */
  private static boolean namesTop(Path gitDir, String line, Path top) {
    int eq = line.indexOf('=');
    if (top == null || eq < 0) {
      return false;
    }
    String value = line.substring(eq + 1).strip();
    if (value.isEmpty() || value.startsWith("\"")) {
      return false;
    }
    try {
      return gitDir.resolve(value).toRealPath().equals(top);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A small file's text; through {@code java.io}, whose classes a hook has loaded already (NIO's
   * file channels would be a few more to load on every commit).
   */
  private static String read(Path file) throws IOException {
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Git stops at a mount point unless told not to; walking up must not cross one either. */
  private static boolean sameMount(Path start, Path top, Map<String, String> env)
      throws IOException {
    if (start.equals(top) || set(env, "GIT_DISCOVERY_ACROSS_FILESYSTEM")) {
      return true;
    }
    return Files.getAttribute(start, "unix:dev").equals(Files.getAttribute(top, "unix:dev"));
  }
}
