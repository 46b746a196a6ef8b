package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.detect.DetectorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keyhound's own checkout scans clean with its committed {@code .keyhound.toml}: a new user's first
 * {@code keyhound scan .} is not a wall of the rule pack's examples, and a real key committed by
 * mistake anywhere the configuration does not allow fails this test.
 */
class RepositoryScanTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void scan_ofEveryTrackedFileWithTheCommittedConfig_findsNothing() throws Exception {
    Path config = ROOT.resolve(".keyhound.toml");
    assertTrue(Files.isRegularFile(config), "no .keyhound.toml at " + ROOT);
    RuleSet rules = RuleLoader.load(config);
    assertEquals(
        RuleLoader.builtin().rules().size(),
        rules.rules().size(),
        "the committed configuration must keep the built-in pack");
    List<String> tracked = trackedFiles();
    assertTrue(tracked.size() > 100, "tracked files: " + tracked.size());

    Source files =
        new Source() {
          @Override
          public String describe() {
            return "tracked files of " + ROOT;
          }

          @Override
          public void emit(Sink sink) throws IOException {
            for (String path : tracked) {
              Path file = ROOT.resolve(path);
              if (Files.isRegularFile(file)) {
                sink.accept(
                    new SourceItem(
                        Blob.of(Files.readAllBytes(file)), List.of(new Provenance.File(path))));
              }
            }
          }
        };
    ScanResult result =
        Scanner.create(
                rules,
                new ScanOptions(2, ScanOptions.DEFAULT_MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
                new Fingerprinter(new byte[32]))
            .scan(List.of(ROOT.toString()), List.of(files));

    List<String> found = new ArrayList<>();
    for (Finding f : result.findings()) {
      for (Occurrence o : f.occurrences()) {
        found.add(o.provenance().path() + ":" + o.line() + " " + f.ruleId() + " " + f.redacted());
      }
    }
    assertEquals(List.of(), found);
    assertTrue(result.filesScanned() > 100);
  }

  /** What {@code git ls-files} lists: the files a clone holds, without build output. */
  private static List<String> trackedFiles() throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder("git", "-C", ROOT.toString(), "ls-files", "-z")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = git.getInputStream().readAllBytes();
    assertEquals(0, git.waitFor(), "git ls-files failed in " + ROOT);
    List<String> paths = new ArrayList<>();
    for (String p : new String(out, StandardCharsets.UTF_8).split("\0")) {
      if (!p.isEmpty()) {
        paths.add(p);
      }
    }
    return paths;
  }
}
