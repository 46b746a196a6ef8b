package dev.keyhound.cli;

import dev.keyhound.rules.RuleException;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import dev.keyhound.scanner.extract.SampleDocuments;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * Fills the hook's class data archive with the path of a commit that holds a key. The launchers
 * record the archive during the first {@code protect} after a build, and it holds only the classes
 * that run loaded: when that commit was clean, every later commit with a finding parsed ~250
 * classes from the jar and the JDK (the value filters, the SHA-256 provider, its generated
 * method-handle forms). With {@value #PROPERTY} set (the launchers set it only on that recording
 * run), {@code protect} then scans one made-up line holding a key, after its own report, and throws
 * the result away: its output and exit code are untouched. {@code scan} reads sample documents on
 * that run ({@link #documents()}), after its report, for the same reason.
 */
final class ArchiveTraining {
  /** The system property the launchers set on the run that records the archive. */
  static final String PROPERTY = "keyhound.train-archive";

  private ArchiveTraining() {}

  static boolean requested() {
    return Boolean.getBoolean(PROPERTY);
  }

  /**
   * Reads the sample documents shipped in the jar through the scan's extraction and drops their
   * text, so that the scan's archive holds the document parsers' classes (Tika, POI, xmlbeans,
   * PDFBox: ~1,500 classes, loaded from the jar on every scan that meets a document when the
   * recording scan met none). Returns how many samples gave their text, or -1 when it failed.
   */
  static int documents() {
    try {
      return SampleDocuments.extractAll();
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return -1; // training only: the real run has reported already
    }
  }

  /**
   * Scans a made-up staged line with a key through the hook's scanner and report, quietly; returns
   * the exit code that report would have had (1: the key was found), or -1 when it failed.
   */
  static int exercise(ProtectCommand command, Background<RuleSet> builtin, Path top) {
    // An AWS key id of the right shape, in two halves so that this file holds no key itself.
    byte[] text =
        ("aws_key = \"" + "AKIA" + "Z7VQ3XPLM4K2WJ5R" + "\"\n").getBytes(StandardCharsets.UTF_8);
    try {
      Scanner scanner = command.scanner(builtin, top, text.length);
      Source line =
          new Source() {
            @Override
            public String describe() {
              return "archive training";
            }

            @Override
            public void emit(Sink sink) {
              sink.accept(
                  new SourceItem(
                      new Blob("0".repeat(40), text),
                      List.of(new Provenance.Staged("keyhound-archive-training.py"))));
            }
          };
      return command.report(
          scanner.scanOnCallingThread(List.of(top.toString()), List.of(line)),
          new PrintWriter(Writer.nullWriter()));
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return -1; // training only: the real run has reported already
    }
  }

  /**
   * A made-up {@code .keyhound.toml} using what real ones use: the built-in pack extended, a global
   * allowlist (paths, regexes, stopwords), a rule of its own with keywords, entropy, a secret group
   * and an allowlist.
   */
  static final String SAMPLE_CONFIG =
      """
      # keyhound's class data archive training: a made-up configuration, as a repository holds one
      title = "archive training"

      [extend]
      useDefault = true
      disabledRules = ["archive-training-disabled"]

      [allowlist]
      description = "vendored and generated files, made-up values"
      paths = ['''(?:^|/)vendor/''', '''(?i)\\.lock$''']
      regexes = ['''(?i)EXAMPLE[0-9A-Z]{8}''']
      stopwords = ["example", "dummy"]

      [[rules]]
      id = "archive-training-token"
      description = "A made-up token"
      regex = '''(?i)training[_-]?token\\s*[:=]\\s*["']?([a-z0-9]{32})["']?'''
      secretGroup = 1
      entropy = 3.5
      keywords = ["training_token", "training-token"]
      tags = ["training"]

      [[rules.allowlists]]
      regexTarget = "line"
      regexes = ['''(?i)placeholder''']
      """;

  /**
   * Loads {@link #SAMPLE_CONFIG} as a repository's {@code .keyhound.toml} through {@link
   * Config#load}, then reads its finding-id settings ({@link IdKeys}) and asks whether it replaces
   * the built-in rules (as {@code scan} does), and drops it all: the archive then holds the TOML
   * reader's classes (~430 of Jackson's, parsed from the jar on every hook or scan run in a
   * repository with a config when the recording run had none). Returns how many rules it loaded, or
   * -1 when it failed.
   */
  static int config() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("keyhound-archive-training");
      Path file = Files.writeString(dir.resolve(Config.DEFAULT_NAME), SAMPLE_CONFIG);
      Config loaded = Config.load(null, dir);
      IdKeys.from(loaded.file(), name -> null).withoutLedger();
      RuleLoader.replacesBuiltin(file);
      return loaded.rules().rules().size();
    } catch (IOException | RuleException | RuntimeException | LinkageError | StackOverflowError e) {
      return -1; // training only: the real run has reported already
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve(Config.DEFAULT_NAME));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary folder left behind: nothing depends on it
    }
  }

  /**
   * Diffs a made-up edit as the hook diffs a staged file that HEAD holds already (JGit's histogram
   * diff over raw text, {@code AddedLines}), so that the archive holds the classes of that path too
   * ({@code RawParseUtils}, the edit list): recorded on a commit that only added files, the archive
   * lacked them, and every later commit that changed a file parsed them from the jar (~6 ms of the
   * hook). Returns how many edits it found, or -1 when it failed.
   */
  static int modifiedFile() {
    try {
      RawText before = new RawText("a = 1\nb = 2\n".getBytes(StandardCharsets.UTF_8));
      RawText now = new RawText("a = 1\nb = 3\nc = 4\n".getBytes(StandardCharsets.UTF_8));
      return DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
          .diff(RawTextComparator.DEFAULT, before, now)
          .size();
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return -1; // training only: the real run has reported already
    }
  }
}
