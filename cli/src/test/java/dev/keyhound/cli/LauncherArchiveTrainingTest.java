package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The class data the first {@code ./keyhound scan} after a build records (a JDK 17 dynamic archive,
 * JDK 25's AOT cache) holds the classes of the scans that come after it, even when that first scan
 * met a clean folder and wrote a text report: a finding's path, the JSON and SARIF writers, an
 * archive's reader and a history's. Checked in the {@code -Xlog:class+load} lines of later real
 * launcher runs: a class read from the jar says its jar, one mapped from the archive says "shared
 * objects file".
 */
class LauncherArchiveTrainingTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void aCleanFirstScan_recordsWhatScansWithFindingsReportsArchivesAndHistoriesLoad(String which)
      throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Files.writeString(clean.resolve("notes.txt"), "nothing here\n");
    ProcessRun recording = scan(launcher, jdk, "", "--no-git", clean.toString());
    assertEquals(0, recording.code(), recording.output());
    assertEquals("", recording.output());
    Path archive = launcher.resolveSibling("cli/target").resolve(jdk.archive("keyhound-scan.jsa"));
    assertTrue(Files.isRegularFile(archive), archive.toString());

    String key = Keys.issuer();
    Path leak = Files.createDirectories(dir.resolve("leak"));
    Files.writeString(leak.resolve("app.env"), "A=1\nKEY=" + key + "\n");
    try (OutputStream out = Files.newOutputStream(leak.resolve("bundle.zip"));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("conf/app.env"));
      zip.write(("KEY=" + key + "\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Path repo = dir.resolve("repo");
    try (TestRepo r = TestRepo.init(repo)) {
      r.write("app.env", "KEY=" + key + "\n").commit("add");
    }
    String log = "-Xlog:class+load=info";
    ProcessRun json = scan(launcher, jdk, log, "--no-git", "--format", "json", leak.toString());
    ProcessRun sarif =
        scan(launcher, jdk, log, "--no-worktree", "--format", "sarif", repo.toString());
    // An option the scan's own entry leaves to picocli (ScanEntry): its classes are in the archive
    // too, built for Java 17 (picocli/pom.xml) and loaded by the training
    // (ArchiveTraining.picocli).
    ProcessRun parsed = scan(launcher, jdk, log, "--max-file-size", "10M", leak.toString());

    assertEquals(1, json.code(), json.output());
    assertEquals(1, sarif.code(), sarif.output());
    assertTrue(json.output().contains("conf/app.env"), json.output());
    assertEquals(
        List.of(),
        fromTheJar(
            json.output(),
            "com.fasterxml.jackson.core.JsonFactory",
            "dev.keyhound.scanner.detect.Candidate",
            "dev.keyhound.scanner.Redactor",
            "dev.keyhound.scanner.extract.Archives"));
    assertEquals(1, parsed.code(), parsed.output());
    assertEquals(
        List.of(),
        fromTheJar(
            parsed.output(),
            "picocli.CommandLine",
            "picocli.CommandLine$Model$CommandSpec",
            "picocli.CommandLine$Interpreter"));
    assertEquals(
        List.of(),
        fromTheJar(
            sarif.output(),
            "com.fasterxml.jackson.databind.ObjectMapper",
            "dev.keyhound.scanner.git.GitHistorySource",
            "org.eclipse.jgit.revwalk.RevWalk"));
  }

  /** Those of the classes that the run did not map from the class data (each must load). */
  private static List<String> fromTheJar(String output, String... classes) {
    List<String> out = new ArrayList<>();
    for (String type : classes) {
      Matcher m =
          Pattern.compile("(?m)^\\S+ " + Pattern.quote(type) + " source: (.*)$").matcher(output);
      assertTrue(m.find(), type + " not loaded:\n" + output);
      if (!m.group(1).startsWith("shared objects file")) {
        out.add(type + " from " + m.group(1));
      }
    }
    return out;
  }

  private static ProcessRun scan(Path launcher, TestJdk jdk, String javaOpts, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "scan", "--quiet"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(launcher.getParent().toFile());
    return ProcessRun.of(LauncherCheckout.environment(pb, jdk, javaOpts));
  }
}
