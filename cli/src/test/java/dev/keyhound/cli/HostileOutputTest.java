package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.scanner.testing.Keys;
import dev.keyhound.scanner.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile repository cannot drive the terminal or forge a line of keyhound's output: control
 * characters in file names and commit authors are shown escaped in text and HTML, kept exact in
 * JSON; a file name that is not UTF-8 is shown by its bytes so that it can be found again.
 */
class HostileOutputTest {
  @TempDir Path dir;

  private static final String CLEAR_SCREEN = "\u001b[2J";
  private static final String FORGED = "\nno leaks found: 0 finding(s)\n";

  @Test
  void text_escapesControlCharactersInFileNamesAndJsonKeepsThem() throws Exception {
    String name = "a" + CLEAR_SCREEN + "\u001b]0;title\u0007" + FORGED.replace('\n', '\n') + ".env";
    Files.writeString(dir.resolve(name), "KEY=" + Keys.issuer() + "\n");

    CliRun text = CliRun.of("scan", "--no-git", dir.toString());
    CliRun json = CliRun.of("scan", "--no-git", "--format", "json", dir.toString());
    CliRun html = CliRun.of("scan", "--no-git", "--format", "html", dir.toString());

    assertEquals(1, text.exit(), text.err());
    assertFalse(text.out().contains("\u001b"), text.out());
    assertFalse(text.out().contains("\u0007"), text.out());
    assertTrue(text.out().contains("a\\x1b[2J\\x1b]0;title\\x07\\nno leaks found"), text.out());
    assertEquals(1, text.out().split("\n(leaks found|no leaks found)", -1).length - 1, text.out());
    JsonNode path = new ObjectMapper().readTree(json.out()).at("/findings/0/occurrences/0/path");
    assertEquals(name, path.asText());
    assertFalse(html.out().contains("\\u001b") || html.out().contains("\u001b"), "raw ESC in html");
  }

  @Test
  void text_escapesControlCharactersInCommitAuthors() throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.write("app.env", "KEY=" + Keys.issuer() + "\n")
          .commit("add", "Eve\u001b[31mRed", "eve@x");

      CliRun text = CliRun.of("scan", dir.toString());

      assertEquals(1, text.exit(), text.err());
      assertFalse(text.out().contains("\u001b"), text.out());
      assertTrue(text.out().contains("by Eve\\x1b[31mRed <eve@x>"), text.out());
    }
  }

  @Test
  void nonUtf8FileName_isReportedByItsBytesAndCanBeFoundAgain() throws Exception {
    String key = Keys.issuer();
    // Java cannot name such a file; the shell writes the raw byte 0xff.
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "printf 'KEY=%s\\n' \"$1\" > \"$(printf 'bad\\377name.env')\"",
                "sh",
                key)
            .directory(dir.toFile())
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor());

    CliRun text = CliRun.of("scan", "--no-git", dir.toString());
    CliRun json = CliRun.of("scan", "--no-git", "--format", "json", dir.toString());

    assertEquals(1, text.exit(), text.err());
    assertTrue(text.out().contains("at bad\\xffname.env:1"), text.out());
    assertFalse(text.out().contains("\uFFFD"), text.out());
    String path =
        new ObjectMapper().readTree(json.out()).at("/findings/0/occurrences/0/path").asText();
    assertEquals("bad\\xffname.env", path);
    // The shown name finds the file again: printf turns \xff back into the byte.
    List<String> cmd =
        new ArrayList<>(List.of("bash", "-c", "cat \"$(printf \"$1\")\"", "bash", path));
    Process cat = new ProcessBuilder(cmd).directory(dir.toFile()).start();
    String content =
        new String(cat.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, cat.waitFor());
    assertTrue(content.contains(key));
  }

  @Test
  void nonUtf8FileName_inAGitWorkTreeIsReadAndReportedByItsBytes() throws Exception {
    String key = Keys.issuer();
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "git init -q . && printf 'KEY=%s\\n' \"$1\" > \"$(printf 'bad\\377name.env')\"",
                "sh",
                key)
            .directory(dir.toFile())
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor());

    // A work tree's files are listed through JGit, which decodes names before keyhound sees them.
    CliRun text = CliRun.of("scan", "--no-git", dir.toString());

    assertEquals(1, text.exit(), text.err());
    assertTrue(text.out().contains("at bad\\xffname.env:1"), text.out());
    assertFalse(text.err().contains("unreadable"), text.err());
  }
}
