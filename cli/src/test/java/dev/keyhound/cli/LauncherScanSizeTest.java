package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code ./keyhound scan} runs C1 only ({@code -XX:TieredStopAtLevel=1}) when what it scans is
 * small, and the tiered compilers otherwise: checked in the flags of the JVM a real launcher run
 * starts. The size limit is lowered with {@code KEYHOUND_SMALL_SCAN_MB} so that "large" takes a
 * megabyte, not hundreds.
 */
class LauncherScanSizeTest {
  private static final String C1_ONLY = "1";
  private static final String TIERED = "4";
  private static final String PRINT_FLAGS = "-XX:+DisplayVMOutput -XX:+PrintFlagsFinal";

  @TempDir Path dir;

  /** A checkout whose scan archive (or AOT cache) is recorded already, by a first scan. */
  private Path checkout(TestJdk jdk) throws Exception {
    Path launcher = LauncherCheckout.create(dir.resolve("checkout"));
    Path tiny = Files.createDirectories(dir.resolve("tiny"));
    Files.writeString(tiny.resolve("notes.txt"), "nothing here\n");
    // The run that records class data keeps the tiered compilers, small as the scan is: JDK 25's
    // AOT cache stores that run's method profiles for C2.
    ProcessRun recording = scan(launcher, jdk, Map.of(), PRINT_FLAGS, "--no-git", tiny.toString());
    assertEquals(0, recording.code(), recording.output());
    assertEquals(TIERED, flag(recording.output(), "TieredStopAtLevel"));
    assertTrue(Files.isRegularFile(archive(launcher, jdk)), recording.output());
    return launcher;
  }

  private static Path archive(Path launcher, TestJdk jdk) {
    return launcher.resolveSibling("cli/target").resolve(jdk.archive("keyhound-scan.jsa"));
  }

  private static ProcessRun scan(
      Path launcher, TestJdk jdk, Map<String, String> env, String javaOpts, String... args)
      throws Exception {
    return scanIn(launcher.getParent(), launcher, jdk, env, javaOpts, args);
  }

  private static ProcessRun scanIn(
      Path cwd,
      Path launcher,
      TestJdk jdk,
      Map<String, String> env,
      String javaOpts,
      String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "scan"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    // No archive training on the recording runs (it comes after the launcher's own -D): these tests
    // are about the compiler the size picks, and the training's scans take seconds per recording.
    LauncherCheckout.environment(pb, jdk, javaOpts + " -Dkeyhound.train-archive=false");
    pb.environment().putAll(env);
    return ProcessRun.of(pb);
  }

  /** The TieredStopAtLevel of the scan's JVM for these arguments (its help: nothing is read). */
  private static String level(Path launcher, Map<String, String> env, String... args)
      throws Exception {
    return level(launcher.getParent(), launcher, env, args);
  }

  private static String level(Path cwd, Path launcher, Map<String, String> env, String... args)
      throws Exception {
    // --help first: after "--" it would be a target.
    List<String> all = new ArrayList<>(List.of("--help"));
    all.addAll(List.of(args));
    ProcessRun help =
        scanIn(
            cwd, launcher, TestJdk.named("current"), env, PRINT_FLAGS, all.toArray(String[]::new));
    assertEquals(0, help.code(), help.output());
    return flag(help.output(), "TieredStopAtLevel");
  }

  /** Whether the class log shows {@code type} loaded from the class data archive or AOT cache. */
  private static boolean fromArchive(ProcessRun run, String type) {
    return Pattern.compile("(?m)^\\S+ " + Pattern.quote(type) + " source: shared objects file")
        .matcher(run.output())
        .find();
  }

  /** The value -XX:+PrintFlagsFinal shows for a JVM flag. */
  private static String flag(String output, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*\\w+ " + name + "\\s+= (\\S*)").matcher(output);
    assertTrue(m.find(), name + " not in the flags:\n" + output);
    return m.group(1);
  }

  /** A folder with one key and {@code kib} KiB of incompressible bytes. */
  private Path folder(String name, int kib) throws IOException {
    Path f = Files.createDirectories(dir.resolve(name));
    Files.writeString(f.resolve("app.env"), "TOKEN=" + Keys.issuer() + "\n");
    byte[] noise = new byte[kib * 1024];
    new Random(kib).nextBytes(noise);
    Files.write(f.resolve("noise.bin"), noise);
    return f;
  }

  /** The folder committed as a git repository's only commit (its objects loose, compressed). */
  private static Path repository(Path folder) throws Exception {
    try (Git git = Git.init().setDirectory(folder.toFile()).call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("start").setSign(false).call();
    }
    return folder;
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"current", "25"})
  void smallFolderAndRepository_runC1Only_andStillMapTheClassData(String which) throws Exception {
    TestJdk jdk = TestJdk.named(which);
    Path launcher = checkout(jdk);
    Path archive = archive(launcher, jdk);
    FileTime recorded = Files.getLastModifiedTime(archive);
    Path project = folder("project", 4);
    Path repo = repository(folder("repo", 4));
    String opts = PRINT_FLAGS + " -Xlog:class+load=info";

    ProcessRun files = scan(launcher, jdk, Map.of(), opts, "--no-git", project.toString());
    ProcessRun history = scan(launcher, jdk, Map.of(), opts, "--no-worktree", repo.toString());
    ProcessRun large =
        scan(launcher, jdk, Map.of("KEYHOUND_SMALL_SCAN_MB", "0"), opts, project.toString());
    // An option the scan's own entry leaves to picocli (ScanEntry).
    ProcessRun parsed =
        scan(
            launcher,
            jdk,
            Map.of(),
            opts,
            "--max-file-size",
            "10M",
            "--no-git",
            project.toString());

    for (ProcessRun run : List.of(files, history, large, parsed)) {
      assertEquals(1, run.code(), run.output());
      assertTrue(run.output().contains("app.env"), run.output());
      // keyhound's own classes come from the archive (or AOT cache) recorded by the first scan.
      assertTrue(fromArchive(run, "dev.keyhound.cli.ScanCommand"), run.output());
    }
    // A plain scan never loads picocli (LauncherArchiveTrainingTest: a scan picocli parses finds
    // its
    // classes in the archive).
    for (ProcessRun run : List.of(files, history, large)) {
      assertFalse(run.output().contains(" picocli.CommandLine "), run.output());
    }
    assertEquals(C1_ONLY, flag(files.output(), "TieredStopAtLevel"));
    assertEquals(C1_ONLY, flag(history.output(), "TieredStopAtLevel"));
    assertEquals(TIERED, flag(large.output(), "TieredStopAtLevel"));
    // A small scan runs the parallel collector, what outlives a young collection tenured at once;
    // a large one the serial collector, with its default tenuring.
    for (ProcessRun small : List.of(files, history)) {
      assertEquals("true", flag(small.output(), "UseParallelGC"), small.output());
      assertEquals("false", flag(small.output(), "UseSerialGC"), small.output());
      assertEquals("0", flag(small.output(), "MaxTenuringThreshold"));
    }
    assertEquals("true", flag(large.output(), "UseSerialGC"));
    assertEquals("false", flag(large.output(), "UseParallelGC"));
    assertEquals("15", flag(large.output(), "MaxTenuringThreshold"));
    // Neither mode records the class data again.
    assertEquals(recorded, Files.getLastModifiedTime(archive));
    Path log = archive.resolveSibling(archive.getFileName() + ".log");
    assertTrue(!Files.exists(log) || Files.size(log) == 0, log.toString());
  }

  @Test
  void aLargeFolderOrHistory_keepsTheTieredCompilers() throws Exception {
    Path launcher = checkout(TestJdk.named("current"));
    Map<String, String> oneMb = Map.of("KEYHOUND_SMALL_SCAN_MB", "1");
    Path big = folder("big", 1200);
    // 400 KiB of history: its compressed objects weigh more than the bytes of a folder.
    Path repo = repository(folder("repo", 400));

    assertEquals(C1_ONLY, level(launcher, Map.of(), "--no-git", big.toString()));
    assertEquals(TIERED, level(launcher, oneMb, "--no-git", big.toString()));
    assertEquals(TIERED, level(launcher, oneMb, repo.toString()));
    assertEquals(TIERED, level(launcher, oneMb, "--no-worktree", repo.toString()));
    // The same checkout as files: 400 KiB of files and 400 KiB of .git, under a megabyte.
    assertEquals(C1_ONLY, level(launcher, oneMb, "--no-git", repo.toString()));
    assertEquals(TIERED, level(launcher, Map.of("KEYHOUND_SMALL_SCAN_MB", "0"), repo.toString()));
  }

  @Test
  void theUsersJavaOptionsChoose() throws Exception {
    Path launcher = checkout(TestJdk.named("current"));
    Path small = folder("small", 4);
    Path big = folder("big", 1200);
    Map<String, String> oneMb = Map.of("KEYHOUND_SMALL_SCAN_MB", "1");

    ProcessRun tiered =
        scan(
            launcher,
            TestJdk.named("current"),
            Map.of(),
            PRINT_FLAGS + " -XX:TieredStopAtLevel=4",
            "--help",
            small.toString());
    ProcessRun c1 =
        scan(
            launcher,
            TestJdk.named("current"),
            oneMb,
            PRINT_FLAGS + " -XX:TieredStopAtLevel=1",
            "--help",
            big.toString());
    ProcessRun noTiers =
        scan(
            launcher,
            TestJdk.named("current"),
            Map.of(),
            PRINT_FLAGS + " -XX:-TieredCompilation",
            "--help",
            small.toString());

    assertEquals(TIERED, flag(tiered.output(), "TieredStopAtLevel"), tiered.output());
    assertEquals(C1_ONLY, flag(c1.output(), "TieredStopAtLevel"), c1.output());
    // Not added beside the user's own choice (the JVM would then take ours: C1 only).
    assertEquals("false", flag(noTiers.output(), "TieredCompilation"), noTiers.output());
    assertEquals(TIERED, flag(noTiers.output(), "TieredStopAtLevel"), noTiers.output());
  }

  @Test
  void theArgumentsAreReadAsPicocliReadsThem() throws Exception {
    Path launcher = checkout(TestJdk.named("current"));
    Path small = folder("small", 4);
    Path other = folder("other", 600);
    Path big = folder("big", 1200).resolve("noise.bin");
    Path zip = small.resolve("bundle.zip");
    Files.write(
        zip, new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    Map<String, String> oneMb = Map.of("KEYHOUND_SMALL_SCAN_MB", "1");
    String s = small.toString();

    // No target: the current folder.
    assertEquals(C1_ONLY, level(small, launcher, oneMb));
    assertEquals(TIERED, level(big.getParent(), launcher, oneMb));
    // A value of an option is not a target, in either spelling.
    assertEquals(C1_ONLY, level(launcher, oneMb, "--config", big.toString(), s));
    assertEquals(C1_ONLY, level(launcher, oneMb, "--baseline=" + big, s));
    assertEquals(C1_ONLY, level(launcher, oneMb, "-f", "json", "--report", big.toString(), s));
    assertEquals(C1_ONLY, level(launcher, oneMb, "--max-file-size", "10M", "--threads", "2", s));
    // Several targets add up.
    assertEquals(C1_ONLY, level(launcher, oneMb, s, other.toString()));
    assertEquals(TIERED, level(launcher, oneMb, s, other.toString(), other.toString()));
    assertEquals(TIERED, level(launcher, oneMb, s, big.toString()));
    // An archive is a file like another.
    assertEquals(C1_ONLY, level(launcher, oneMb, zip.toString()));
    // Unknown sizes keep today's compilers: standard input, a URL to clone, an argument file.
    assertEquals(TIERED, level(launcher, Map.of(), "-"));
    assertEquals(TIERED, level(launcher, Map.of(), s, "https://example.invalid/r.git"));
    assertEquals(TIERED, level(launcher, Map.of(), "git@example.invalid:r.git"));
    assertEquals(TIERED, level(launcher, Map.of(), s, "@" + dir.resolve("no-such-args")));
    // A missing target counts for nothing, as does a name after "--" that only looks like an
    // option.
    assertEquals(C1_ONLY, level(launcher, Map.of(), s, dir.resolve("missing").toString()));
    assertEquals(TIERED, level(launcher, Map.of(), "--", "-missing"));
  }

  @Test
  void aMissingTarget_isJavasOneLineError() throws Exception {
    Path launcher = checkout(TestJdk.named("current"));
    Path missing = dir.resolve("no such folder");

    ProcessRun run = scan(launcher, TestJdk.named("current"), Map.of(), "", missing.toString());

    assertEquals(2, run.code(), run.output());
    assertEquals(1, run.output().lines().count(), run.output());
    assertTrue(run.output().contains("target does not exist: " + missing), run.output());
  }

  /**
   * The launcher skips the value of each {@code scan} option that takes one, so as not to size it
   * as a target: its list must be exactly the options picocli gives a value to, or a new option's
   * value (a report path, say) would be measured, or a target taken for an option's value.
   */
  @Test
  void theLaunchersValueOptions_areExactlyScansOptionsThatTakeAValue() throws IOException {
    Matcher list =
        Pattern.compile("\\n\\s*(-f \\|[^)]*)\\)\\s*\\n\\s*value=1")
            .matcher(
                Files.readString(
                    LauncherCheckout.realLauncher().resolveSibling(LauncherCheckout.SCAN_SIZE)));
    assertTrue(list.find(), "no list of options with a value in the launcher");
    Set<String> launcher = new TreeSet<>();
    for (String name : list.group(1).split("[|\\\\\\s]+")) {
      if (!name.isEmpty()) {
        launcher.add(name);
      }
    }

    Set<String> picocli = new TreeSet<>();
    for (OptionSpec option :
        new CommandLine(new Main()).getSubcommands().get("scan").getCommandSpec().options()) {
      if (option.arity().max() > 0) {
        picocli.addAll(List.of(option.names()));
      }
    }

    assertEquals(picocli, launcher);
  }

  /**
   * Both launchers take their rule from the one file (the distribution ships it in lib/, checked by
   * DistributionTest), and only when it says the scan is small do they add C1 only.
   */
  @ParameterizedTest
  @ValueSource(strings = {"keyhound:cli/src/jvm", "dist/src/bin/keyhound:lib"})
  void bothLaunchers_sourceTheOneSizeRule(String launcherAndFolder) throws IOException {
    String[] parts = launcherAndFolder.split(":");
    String text =
        Files.readString(
            LauncherCheckout.realLauncher().resolveSibling(parts[0]), StandardCharsets.UTF_8);

    assertTrue(
        text.contains(
            "  size_rule=\"$root/"
                + parts[1]
                + "/scan-size.sh\"\n"
                + "  if [ -f \"$size_rule\" ] && . \"$size_rule\" && keyhound_small_scan \"${@:2}\"; then\n"
                + "    jit=(-XX:TieredStopAtLevel=1)\n"),
        parts[0]);
  }
}
