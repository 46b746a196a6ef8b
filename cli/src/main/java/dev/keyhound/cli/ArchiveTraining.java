package dev.keyhound.cli;

import dev.keyhound.reports.Report;
import dev.keyhound.reports.ReportFormat;
import dev.keyhound.reports.TextReport;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.RuleException;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.PhaseTrace;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import dev.keyhound.scanner.extract.SampleDocuments;
import dev.keyhound.scanner.git.GitRepos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.UnrecognizedExtraField;
import org.apache.commons.compress.archivers.zip.X5455_ExtendedTimestamp;
import org.apache.commons.compress.archivers.zip.X7875_NewUnix;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipExtraField;
import org.apache.commons.compress.archivers.zip.ZipShort;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Fills the hook's class data archive with the path of a commit that holds a key. The launchers
 * record the archive during the first {@code protect} after a build, and it holds only the classes
 * that run loaded: when that commit was clean, every later commit with a finding parsed ~250
 * classes from the jar and the JDK (the value filters, the SHA-256 provider, its generated
 * method-handle forms). With {@value #PROPERTY} set (the launchers set it only on that recording
 * run), {@code protect} then scans one made-up line holding a key, after its own report, and throws
 * the result away: its output and exit code are untouched. {@code scan} reads sample documents on
 * that run ({@link #documents()}), after its report, for the same reason, and then scans a made-up
 * folder and repository with keys in them and renders that result in every report format ({@link
 * #scans}): a scan with findings, a report other than text, an archive or a history would otherwise
 * load 200-1,100 classes from the jar on every run (Jackson, the finding path, the decompressors,
 * JGit's pack reading), when the scan that recorded the archive met none of them.
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
   * text, so that the scan's archive holds the document readers' classes (PDFBox, the JDK's StAX
   * reader for Office Open XML, Tika and POI for the other formats; loaded from the jar on every
   * scan that meets a document when the recording scan met none). Returns how many samples gave
   * their text, or -1 when it failed.
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
   * Has picocli parse a {@code scan} it is given ({@link ScanEntry} parses the plain forms without
   * it), so that the scan's archive holds picocli's classes for the forms it is still given: an
   * option such as {@code --max-file-size}, help, a usage error. Returns the scan's exit code
   * picocli would run with (the command is not run), or -1 when it failed.
   */
  static int picocli() {
    try {
      String[] args = {"scan", "--max-file-size", "1M", "--no-git", "."};
      return Main.commandLineFor(args).parseArgs(args).hasSubcommand() ? 0 : -1;
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      return -1; // training only: the real run has reported already
    }
  }

  /**
   * Scans, with the real run's scanner, a made-up folder (keys of the issuer's format and a few
   * third parties', placeholders, encoded values, the same text in a zip, tar, gzip, bzip2 and xz
   * archive and a notebook) and a made-up repository (packed history with a delta, a tag, packed
   * refs, a loose commit and a changed work-tree file), through the same targets, filters and
   * report writers as a real scan, in every format, to a null writer. Everything is written under a
   * temporary folder, removed after. Returns how many findings that scan had, or -1 when it failed.
   */
  static int scans(Scanner scanner, long maxFileSize) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("keyhound-archive-training-");
      return scan(scanner, maxFileSize, dir).findings().size();
    } catch (IOException | RuntimeException | LinkageError | StackOverflowError e) {
      return -1; // training only: the real run has reported already
    } finally {
      delete(dir);
    }
  }

  /** {@link #scans}' work, its inputs written in {@code dir}: returns the result it rendered. */
  static ScanResult scan(Scanner scanner, long maxFileSize, Path dir) throws IOException {
    Path files = folder(dir.resolve("files"));
    PhaseTrace.mark("archive training: folder written");
    Path repo = repository(dir.resolve("repo"));
    PhaseTrace.mark("archive training: repository written");
    List<Path> targets = List.of(files, repo);
    ScanResult result;
    try (Targets t = new Targets(false, new GitOptions(), maxFileSize)) {
      result = scanner.scan(t.names(targets), t.sources(targets));
    }
    PhaseTrace.mark("archive training: scanned");
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    LoggingOptions quiet = new LoggingOptions();
    quiet.quiet = true;
    result = Accepted.apply(result, Accepted.baseline(null), targets, none, quiet);
    Report report = new Report(Version.NAME, Version.get(), result, Map.of(), false, Instant.now());
    for (ReportFormat f : ReportFormat.values()) {
      f.writer(false).write(report, none);
    }
    new TextReport(true, true).write(report, none);
    none.flush();
    ScanCommand.exitCode(result);
    PhaseTrace.mark("archive training: reports rendered");
    return result;
  }

  /**
   * Made-up keys, none of them issued: each literal is split so that this file holds no key
   * (RepositoryScanTest scans it), a value never in the literal that names it.
   */
  static String keys() {
    String issuer = "Q7vB2kX9mZ4pL8wR" + "3nT6yH1cF5jD0sGa";
    String github = "Vb8Nq3Lz6Kd1Wm" + "4Xp7Rc2Jt9Hf5Gs0";
    String issuerKey = "sk_" + "live_" + issuer + KeyFormat.checksumOf(issuer);
    String line = "PAYMENTS_KEY=" + issuerKey + "\n";
    return "# keyhound class archive training: made-up values\n"
        + line
        + "aws_access_key_id = \"AKIA"
        + "Z7VQ3XPLM4K2WJ5R\"\n"
        + "aws_secret_access_key = \""
        + "m3Kp9Qx2Vb7Lz4"
        + "Nd8Wr1Ty6Hc5Jf0Gs3Ua9Eo2\"\n"
        + "GITHUB_TOKEN=ghp"
        + "_"
        + github
        + KeyFormat.checksumOf(github)
        + "\n"
        + "SLACK_BOT_TOKEN=xoxb-3741978"
        + "65335-8590137312774-Rk3Zp7Qw2Lx9Vn4Bt6Yc1Hd8\n"
        + "api_key = \"your_api_key_goes_here\"\n"
        + "db_password = \""
        + "Hq4Zt8Lp"
        + "2Wx6Vn!9\"\n"
        + "PASSWORD=${DB_PASSWORD}\n"
        + "encoded = \""
        + Base64.getEncoder().encodeToString(line.getBytes(StandardCharsets.UTF_8))
        + "\"\n"
        + "url = \"https://example.invalid/hook?key="
        + issuerKey.replace("_", "%5F")
        + "\"\n";
  }

  /** The keys as a text file, and inside each kind of archive the scan opens, and a notebook. */
  private static Path folder(Path files) throws IOException {
    Files.createDirectories(files);
    byte[] text = keys().getBytes(StandardCharsets.UTF_8);
    Files.write(files.resolve("keys.env"), text);
    // Text that is not UTF-8: UTF-16 with a byte order mark, and Latin-1.
    Files.write(
        files.resolve("keys-utf16.txt"), ("\uFEFF" + keys()).getBytes(StandardCharsets.UTF_16LE));
    Files.write(
        files.resolve("latin1.txt"),
        ("caf\u00e9\n" + keys()).getBytes(StandardCharsets.ISO_8859_1));
    // A zip as Info-ZIP writes them (names without the UTF-8 flag, timestamp and Unix extra fields,
    // Zip64 records) and a tar with a long name (a PAX header): the reader's paths for those.
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip)) {
      z.setUseLanguageEncodingFlag(false);
      z.setUseZip64(Zip64Mode.Always);
      ZipArchiveEntry e = new ZipArchiveEntry("conf/keys.env");
      X5455_ExtendedTimestamp time = new X5455_ExtendedTimestamp();
      time.setModifyJavaTime(new java.util.Date(0));
      e.setExtraFields(new ZipExtraField[] {time, new X7875_NewUnix(), unrecognised()});
      z.putArchiveEntry(e);
      z.write(text);
      z.closeArchiveEntry();
    }
    Files.write(files.resolve("keys.zip"), zip.toByteArray());
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry e = new TarArchiveEntry("conf/" + "settings/".repeat(12) + "keys.env");
      e.setSize(text.length);
      t.putArchiveEntry(e);
      t.write(text);
      t.closeArchiveEntry();
    }
    Files.write(files.resolve("keys.tar"), tar.toByteArray());
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(files.resolve("keys.tgz")))) {
      o.write(tar.toByteArray());
    }
    try (OutputStream o =
        new BZip2CompressorOutputStream(Files.newOutputStream(files.resolve("keys.env.bz2")))) {
      o.write(text);
    }
    try (OutputStream o =
        new XZOutputStream(
            Files.newOutputStream(files.resolve("keys.tar.xz")), new LZMA2Options())) {
      o.write(tar.toByteArray());
    }
    String cell = keys().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    Files.writeString(
        files.resolve("keys.ipynb"),
        "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\""
            + cell
            + "\"], \"outputs\": []}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n");
    return files;
  }

  /** An extra field of an id no reader knows (read as an unrecognised field). */
  private static ZipExtraField unrecognised() {
    UnrecognizedExtraField f = new UnrecognizedExtraField();
    f.setHeaderId(new ZipShort(0x4b48));
    f.setLocalFileDataData(new byte[] {1, 2, 3, 4});
    f.setCentralDirectoryData(new byte[] {1, 2, 3, 4});
    return f;
  }

  /**
   * A work tree whose history holds the keys: two commits packed by JGit's gc (the second a delta
   * of the first, refs packed), an annotated tag, then a loose commit, and a work-tree file that
   * differs from it. Written object by object (no porcelain commit: that would run the user's
   * hooks).
   */
  private static Path repository(Path dir) throws IOException {
    PersonIdent who =
        new PersonIdent(
            "keyhound", "training@example.invalid", Instant.EPOCH, java.time.ZoneOffset.UTC);
    String text = keys();
    // Enough lines around the keys that gc stores the second version as a delta of the first.
    StringBuilder padding = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      padding.append("setting_").append(i).append(" = value ").append(i * 7919).append('\n');
    }
    GitRepos.configureJGit(dir.toFile());
    try (Repository r = FileRepositoryBuilder.create(dir.resolve(".git").toFile())) {
      r.create();
      ObjectId first = commit(r, who, padding + text, null, "add settings");
      ObjectId second = commit(r, who, padding + "# rotated\n" + text, first, "rotate");
      try (ObjectInserter in = r.newObjectInserter()) {
        TagBuilder tag = new TagBuilder();
        tag.setObjectId(second, Constants.OBJ_COMMIT);
        tag.setTag("v1");
        tag.setTagger(who);
        tag.setMessage("v1\n");
        ObjectId id = in.insert(tag);
        in.flush();
        RefUpdate u = r.updateRef(Constants.R_TAGS + "v1");
        u.setNewObjectId(id);
        u.forceUpdate();
      }
      PhaseTrace.mark("archive training: commits written");
      try (Git git = Git.wrap(r)) {
        git.gc().call();
      } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
        throw new IOException(e);
      }
      PhaseTrace.mark("archive training: repository packed");
      commit(r, who, padding + "# moved\n" + text, second, "move");
    }
    Files.writeString(dir.resolve("settings.env"), "# edited\n" + text);
    return dir;
  }

  /** Writes one commit of {@code settings.env} holding {@code text} and moves HEAD to it. */
  private static ObjectId commit(
      Repository r, PersonIdent who, String text, ObjectId parent, String message)
      throws IOException {
    try (ObjectInserter in = r.newObjectInserter()) {
      ObjectId blob = in.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter();
      tree.append("settings.env", FileMode.REGULAR_FILE, blob);
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(in.insert(tree));
      if (parent != null) {
        c.setParentId(parent);
      }
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage(message + "\n");
      ObjectId id = in.insert(c);
      in.flush();
      RefUpdate u = r.updateRef(Constants.HEAD);
      u.setNewObjectId(id);
      u.forceUpdate();
      return id;
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // a temporary folder left behind: nothing the real run depends on
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
      delete(dir);
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
