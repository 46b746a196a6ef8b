package dev.keyhound.cli;

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
import java.nio.file.Path;
import java.util.List;

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
}
