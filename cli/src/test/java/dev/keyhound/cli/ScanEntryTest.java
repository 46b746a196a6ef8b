package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.scanner.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plain forms of {@code scan} skip picocli ({@link ScanEntry}); what they print, write and exit
 * with must be what picocli's run of the same arguments gives, byte for byte but for the scan's
 * duration and timestamp.
 */
class ScanEntryTest {
  @TempDir Path dir;

  private Path keys;
  private Path clean;
  private Path repo;

  private record Run(int exit, String out, String err, Map<String, String> reports) {}

  @BeforeEach
  void files() throws Exception {
    keys = Files.createDirectories(dir.resolve("keys"));
    Files.writeString(keys.resolve("app.env"), "KEY=" + KeyFormat.ISSUER.mint("sk_live_") + "\n");
    Files.writeString(
        keys.resolve("aws.txt"),
        "aws_access_key_id = AKIAQWERTYUIOPASDFGH\n"
            + "aws_secret_access_key = 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\n");
    clean = Files.createDirectories(dir.resolve("clean"));
    Files.writeString(clean.resolve("README.md"), "nothing to see\n");
    Files.writeString(
        dir.resolve("rules.toml"),
        "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"team-token\"\n"
            + "regex = '''team_[a-z0-9]{16}'''\nkeywords = [\"team_\"]\n");
    Files.writeString(clean.resolve("team.cfg"), "token=team_0123456789abcdef\n");
    repo = dir.resolve("repo");
    try (TestRepo r = TestRepo.init(repo)) {
      r.write("conf/app.env", "KEY=" + KeyFormat.ISSUER.mint("sk_live_") + "\n").commit("config");
      r.write("README.md", "hello\n").commit("readme");
    }
  }

  /** Each form, with targets and files named by placeholders (KEYS, CLEAN, REPO, DIR). */
  static Stream<String> forms() {
    return Stream.of(
        "scan --no-git KEYS",
        "scan --no-git CLEAN",
        "scan --no-git --quiet --format json KEYS",
        "scan --no-git -q -f sarif KEYS",
        "scan --no-git --format=csv --threads 1 KEYS CLEAN",
        "scan --no-git --threads=0 KEYS",
        "scan --no-git --format no-such-format KEYS",
        "scan --no-git --show-secrets KEYS",
        "scan --no-git --no-extract --include-bad-checksums -v KEYS",
        "scan --no-git --config DIR/rules.toml CLEAN",
        "scan --config=DIR/rules.toml --no-git -q CLEAN",
        "scan --no-git --report DIR/out.json --report DIR/out.sarif KEYS",
        "scan --no-git --baseline DIR/base.json KEYS",
        "scan --no-git DIR/missing",
        "scan --no-git --config DIR/missing.toml KEYS",
        "scan REPO",
        "scan --format json --no-worktree REPO",
        "scan --since HEAD~1 REPO",
        "scan --branch=master --quiet REPO",
        "scan --branch no-such-branch REPO");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forms")
  void plainForm_printsWritesAndExitsAsPicocliDoes(String form) throws Exception {
    String[] args = args(form);
    if (form.contains("--baseline")) {
      CliRun base =
          CliRun.of("scan", "--no-git", "--report", path("DIR/base.json"), keys.toString());
      assertEquals(1, base.exit(), base.err());
    }

    Run picocli = run(args, true);
    Run own = run(args, false);

    assertEquals(picocli, own);
  }

  /** Forms picocli must see: help, errors and options this entry does not know. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "scan --help",
        "scan -h",
        "scan --version",
        "scan -qv KEYS",
        "scan --quiet --quiet KEYS",
        "scan -q --quiet KEYS",
        "scan --format json --format csv KEYS",
        "scan --format",
        "scan --format -q KEYS",
        "scan --format= KEYS",
        "scan -fjson KEYS",
        "scan --quiet=true KEYS",
        "scan --threads two KEYS",
        "scan --threads -1 KEYS",
        "scan --max-file-size 1M KEYS",
        "scan --verify KEYS",
        "scan -- KEYS",
        "scan - ",
        "scan @DIR/args.txt",
        "scan --no-such-option KEYS",
        "scan --report @x KEYS"
      })
  void otherForms_areLeftToPicocli(String form) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    Integer code =
        ScanEntry.runWithoutPicocli(args(form), new PrintWriter(out), new PrintWriter(err));

    assertNull(code, form);
    assertEquals("", out.toString() + err.toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"scan --no-git -q KEYS", "scan CLEAN", "scan --no-git --report DIR/r.csv KEYS"})
  void plainForms_areRunWithoutPicocli(String form) {
    Integer code =
        ScanEntry.runWithoutPicocli(
            args(form), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

    assertNotNull(code, form);
  }

  private String[] args(String form) {
    List<String> out = new ArrayList<>();
    for (String a : form.trim().split(" +")) {
      out.add(path(a));
    }
    return out.toArray(String[]::new);
  }

  private String path(String a) {
    return a.replace("KEYS", keys.toString())
        .replace("CLEAN", clean.toString())
        .replace("REPO", repo.toString())
        .replace("DIR", dir.toString());
  }

  /**
   * One run, either through picocli or through {@link Main#run}, with the report files it wrote.
   */
  private Run run(String[] args, boolean picocli) throws Exception {
    for (String r : List.of("out.json", "out.sarif")) {
      Files.deleteIfExists(dir.resolve(r));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    int code = picocli ? Main.runWithPicocli(args, o, e) : Main.run(args, o, e);
    Map<String, String> reports = new TreeMap<>();
    for (String r : List.of("out.json", "out.sarif")) {
      Path p = dir.resolve(r);
      if (Files.exists(p)) {
        reports.put(r, timeless(Files.readString(p)));
      }
    }
    return new Run(code, timeless(out.toString()), timeless(err.toString()), reports);
  }

  private static final Pattern DURATION =
      Pattern.compile("(\"duration_ms\" ?: ?)\\d+|\\d+(\\.\\d+)? ?(ms|s)\\b");
  private static final Pattern INSTANT =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

  /** The text with the scan's duration and the report's time of writing masked. */
  private static String timeless(String s) {
    return INSTANT.matcher(DURATION.matcher(s).replaceAll("$1<time>")).replaceAll("<instant>");
  }
}
