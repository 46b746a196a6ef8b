package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.git.StagedSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staged text file over {@code --max-file-size} is streamed from git and scanned in overlapping
 * windows, as a large file on disk is: a key straddling a window edge is found once, on its line;
 * on a changed file only keys on added lines count; a binary one is still skipped and counted.
 */
class StagedLargeFileTest {
  private static final Fingerprinter FP = new Fingerprinter(new byte[32]);
  private static final long LIMIT = 1024; // windows of Scanner.MIN_WINDOW (64 KiB)

  @TempDir Path dir;

  @BeforeEach
  void repository() throws Exception {
    git("init", "-q");
  }

  private void git(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
  }

  private ScanResult scan(StagedSource staged) {
    Scanner scanner =
        Scanner.create(
            RuleLoader.builtin(), new ScanOptions(2, LIMIT, DetectorOptions.DEFAULTS), FP);
    return staged.onlyAddedLines(scanner.scan(List.of(dir.toString()), List.of(staged)));
  }

  private static List<String> places(ScanResult r) {
    return r.findings().stream()
        .flatMap(
            f ->
                f.occurrences().stream()
                    .map(o -> o.provenance().path() + "@" + o.line() + ":" + o.column()))
        .toList();
  }

  @Test
  void stagedLargeTextFile_keyStraddlingAWindowEdge_isFoundOnceOnItsLine() throws Exception {
    String key = KeyFormat.ISSUER.mint("sk_live_");
    EdgeText edge = EdgeText.around(key);
    Files.writeString(dir.resolve("big.log"), edge.text(), StandardCharsets.UTF_8);
    git("add", "big.log");

    ScanResult viaGit = scan(StagedSource.usingGitCommand(dir, LIMIT));
    ScanResult viaJGit = scan(new StagedSource(dir, LIMIT));

    assertEquals(List.of("big.log@" + edge.keyLine() + ":" + edge.keyColumn()), places(viaGit));
    assertEquals(places(viaGit), places(viaJGit));
    assertEquals(List.of(), viaGit.skipped());
    assertEquals(1, viaGit.filesScanned());
    assertEquals(edge.text().length(), viaGit.bytesScanned());
  }

  @Test
  void stagedLargeChangedFile_reportsOnlyTheKeyOnAnAddedLine() throws Exception {
    String old = KeyFormat.ISSUER.mint("sk_live_");
    String added = KeyFormat.ISSUER.mint("sk_live_");
    StringBuilder sb = new StringBuilder("OLD_KEY=" + old + "\n");
    for (int line = 2; line <= 3_000; line++) {
      sb.append(EdgeText.filler(line));
    }
    Files.writeString(dir.resolve("data.txt"), sb, StandardCharsets.UTF_8);
    git("add", "data.txt");
    git("commit", "-qm", "start");
    sb.append("NEW_KEY=").append(added).append('\n');
    Files.writeString(dir.resolve("data.txt"), sb, StandardCharsets.UTF_8);
    git("add", "data.txt");

    ScanResult r = scan(StagedSource.usingGitCommand(dir, LIMIT));

    assertEquals(List.of("data.txt@3001:9"), places(r));
    assertEquals(1, r.findings().size());
    assertEquals(added, r.findings().get(0).secret());
  }

  @Test
  void stagedLargeBinaryFile_isStillSkipped_andCounted() throws Exception {
    byte[] bytes = new byte[200_000];
    byte[] key = ("k=" + KeyFormat.ISSUER.mint("sk_live_") + "\n").getBytes(StandardCharsets.UTF_8);
    System.arraycopy(key, 0, bytes, 100_000, key.length);
    Files.write(dir.resolve("blob.bin"), bytes);
    git("add", "blob.bin");

    ScanResult r = scan(StagedSource.usingGitCommand(dir, LIMIT));

    assertEquals(List.of(), r.findings());
    assertEquals(1, r.skipped().size(), r.skipped().toString());
    assertEquals(Skipped.Reason.BINARY, r.skipped().get(0).reason());
    assertEquals("blob.bin", r.skipped().get(0).location());
    assertEquals(0, r.filesScanned());
  }
}
