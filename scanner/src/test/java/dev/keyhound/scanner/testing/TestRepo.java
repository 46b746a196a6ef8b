package dev.keyhound.scanner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A small git repository builder for tests: write, rename and delete files, commit them with a
 * chosen author and a clock that ticks one minute per commit, branch, merge and tag. Shared with
 * downstream modules through the scanner's test jar.
 */
public final class TestRepo implements AutoCloseable {
  private final Git git;
  private final Path dir;
  private Instant clock = Instant.parse("2024-01-01T00:00:00Z");

  private TestRepo(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  /** A new non-bare repository in {@code dir}, on branch {@code main}. */
  public static TestRepo init(Path dir) {
    try {
      return new TestRepo(
          Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot create a test repository in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Repository repository() {
    return git.getRepository();
  }

  public Git git() {
    return git;
  }

  /**
   * Writes a file in the work tree (parents created); not staged until {@link #commit} or {@link
   * #stage}.
   */
  public TestRepo write(String path, String content) {
    try {
      Path p = dir.resolve(path);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestRepo delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestRepo rename(String from, String to) {
    try {
      Path target = dir.resolve(to);
      Files.createDirectories(target.getParent());
      Files.move(dir.resolve(from), target);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages every change in the work tree, additions and deletions alike ({@code git add -A}). */
  public TestRepo stageAll() {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes and stages one file. */
  public TestRepo stage(String path, String content) {
    write(path, content);
    try {
      git.add().addFilepattern(path).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Commits every change as Alice. */
  public RevCommit commit(String message) {
    return commit(message, "Alice Example", "alice@example.com");
  }

  /**
   * Commits every change (and a pending merge) as the given author, one minute after the previous
   * commit.
   */
  public RevCommit commit(String message, String authorName, String authorEmail) {
    return commit(message, authorName, authorEmail, authorName, authorEmail);
  }

  /**
   * Commits every change written by one person and committed by another, as a rebase or applied
   * patch does.
   */
  public RevCommit commit(
      String message,
      String authorName,
      String authorEmail,
      String committerName,
      String committerEmail) {
    stageAll();
    clock = clock.plusSeconds(60);
    PersonIdent author = new PersonIdent(authorName, authorEmail, clock, ZoneOffset.UTC);
    PersonIdent committer = new PersonIdent(committerName, committerEmail, clock, ZoneOffset.UTC);
    try {
      return git.commit()
          .setMessage(message)
          .setAuthor(author)
          .setCommitter(committer)
          .setAllowEmpty(true)
          .setSign(false)
          .call();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The time the next commit will carry, minus one tick: the time of the last commit. */
  public Instant lastCommitTime() {
    return clock;
  }

  /** Creates a branch at HEAD and checks it out. */
  public TestRepo branch(String name) {
    try {
      git.checkout().setCreateBranch(true).setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  public TestRepo checkout(String name) {
    try {
      git.checkout().setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Merges a branch into the current one with a merge commit (never fast-forward) by Alice. */
  public RevCommit merge(String branch, String message) {
    try {
      git.merge()
          .include(repository().resolve(branch))
          .setCommit(false)
          .setFastForward(MergeCommand.FastForwardMode.NO_FF)
          .call();
      return commit(message);
    } catch (GitAPIException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An annotated tag at HEAD. */
  public TestRepo tag(String name) {
    try {
      PersonIdent who =
          new PersonIdent("Alice Example", "alice@example.com", clock, ZoneOffset.UTC);
      git.tag()
          .setName(name)
          .setAnnotated(true)
          .setMessage(name)
          .setTagger(who)
          .setSigned(false)
          .call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
