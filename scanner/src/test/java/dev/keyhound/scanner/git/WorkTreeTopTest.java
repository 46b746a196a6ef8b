package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The work tree's top found without git must be the one git finds ({@code git rev-parse
 * --show-toplevel}); where the layout is one it does not follow, it says so (null) and git is
 * asked.
 */
class WorkTreeTopTest {
  @TempDir Path dir;

  private Path repo(String name) throws Exception {
    Path r = Files.createDirectories(dir.resolve(name));
    GitShell sh = new GitShell(r);
    sh.git("init", "-q");
    Files.writeString(r.resolve("a.txt"), "a\n");
    sh.git("add", "a.txt");
    sh.git("commit", "-qm", "start");
    return r;
  }

  private static String gitTop(Path from, Map<String, String> env) throws Exception {
    return new GitShell(from).run(List.of("git", "rev-parse", "--show-toplevel"), env).strip();
  }

  private static void assertSameAsGit(Path from, Map<String, String> env) throws Exception {
    Path found = WorkTreeTop.find(from, env);
    assertEquals(Path.of(gitTop(from, env)).toRealPath(), found, "from " + from + " " + env);
  }

  @Test
  void find_isTheTopFromTheTopAndFromASubfolder() throws Exception {
    Path r = repo("r");
    Path deep = Files.createDirectories(r.resolve("src/main/deep"));

    assertSameAsGit(r, Map.of());
    assertSameAsGit(deep, Map.of());
  }

  @Test
  void find_isTheLinkedWorkTree_withOrWithoutGitDirSetAsAHookHasIt() throws Exception {
    Path r = repo("main");
    Path linked = dir.resolve("linked");
    new GitShell(r).git("worktree", "add", "-q", linked.toString());
    Path sub = Files.createDirectories(linked.resolve("sub"));
    // git runs a linked work tree's hooks at its top with GIT_DIR naming the work tree's git
    // folder.
    Map<String, String> hook = new HashMap<>();
    hook.put("GIT_DIR", r.resolve(".git/worktrees/linked").toString());

    assertSameAsGit(linked, Map.of());
    assertSameAsGit(sub, Map.of());
    assertSameAsGit(linked, hook);
    assertEquals(linked.toRealPath(), WorkTreeTop.find(linked, hook));
  }

  @Test
  void find_followsGitDirAndWorkTreeVariables() throws Exception {
    Path r = repo("r");
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Map<String, String> env = new HashMap<>();
    env.put("GIT_DIR", r.resolve(".git").toString());
    env.put("GIT_WORK_TREE", r.toString());

    assertSameAsGit(elsewhere, env);
    assertEquals(r.toRealPath(), WorkTreeTop.find(elsewhere, env));
  }

  @Test
  void find_isASubmodulesOwnTop() throws Exception {
    Path lib = repo("lib");
    Path app = repo("app");
    new GitShell(app)
        .git("-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.toString(), "mod");
    Path mod = app.resolve("mod");

    assertSameAsGit(mod, Map.of());
    assertEquals(mod.toRealPath(), WorkTreeTop.find(mod, Map.of()));
  }

  @Test
  void find_leavesToGitWhatItDoesNotFollow() throws Exception {
    Path r = repo("r");
    Path bare = dir.resolve("bare.git");
    new GitShell(dir).git("init", "-q", "--bare", bare.toString());
    Path moved = repo("moved");
    new GitShell(moved).git("config", "core.worktree", r.toString());
    Path outside = Files.createDirectories(dir.resolve("outside"));

    assertNull(WorkTreeTop.find(bare, Map.of()));
    assertNull(WorkTreeTop.find(r.resolve(".git"), Map.of()));
    assertNull(WorkTreeTop.find(moved, Map.of()));
    assertNull(WorkTreeTop.find(r, Map.of("GIT_CEILING_DIRECTORIES", dir.toString())));
    assertNull(WorkTreeTop.find(r, Map.of("GIT_CONFIG_PARAMETERS", "'core.worktree'='/x'")));
    assertNull(WorkTreeTop.find(outside, Map.of()));
  }
}
