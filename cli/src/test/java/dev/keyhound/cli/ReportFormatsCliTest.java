package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Error;
import dev.keyhound.reports.SarifSchema;
import dev.keyhound.rules.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report formats through the real command line, over a real scan. */
class ReportFormatsCliTest {
  @TempDir Path tmp;

  private Path repoWithKeys() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("deploy dir"));
    Files.writeString(
        repo.resolve("deploy dir/we,ird \"values\".env"),
        "KEY=" + KeyFormat.ISSUER.mint("sk_live_") + "\n");
    Files.writeString(
        repo.resolve("app.env"), "\n\n  token: " + KeyFormat.ISSUER.mint("sk_test_") + "\n");
    return repo;
  }

  @Test
  void sarifOfARealScanPassesTheOfficialSchema() throws Exception {
    Path repo = repoWithKeys();
    Path sarif = tmp.resolve("out.sarif");
    Path html = tmp.resolve("out.html");
    CliRun run =
        CliRun.of(
            "scan", "--report", sarif.toString(), "--report", html.toString(), repo.toString());
    assertEquals(1, run.exit(), run.err());
    String text = Files.readString(sarif);
    List<Error> errors = SarifSchema.validate(text);
    assertTrue(errors.isEmpty(), () -> "schema errors: " + errors);
    assertTrue(text.contains("\"uri\" : \"deploy%20dir/we,ird%20%22values%22.env\""), text);
    assertTrue(Files.readString(html).contains("id=\"keyhound-data\""));
  }

  @Test
  void formatNamesIncludeJunitAndXml() throws Exception {
    Path repo = repoWithKeys();
    for (String name : List.of("junit", "xml")) {
      CliRun run = CliRun.of("scan", "--format", name, repo.toString());
      assertEquals(1, run.exit(), run.err());
      assertTrue(run.out().startsWith("<?xml"), run.out());
      assertEquals(2, run.out().split("<failure ", -1).length - 1);
    }
  }

  @Test
  void csvAndJsonlOnStdout() throws Exception {
    Path repo = repoWithKeys();
    CliRun csv = CliRun.of("scan", "--format", "csv", repo.toString());
    assertTrue(csv.out().startsWith("finding_id,rule_id,"), csv.out());
    assertEquals(3, csv.out().split("\r\n").length);
    CliRun jsonl = CliRun.of("scan", "--format", "jsonl", repo.toString());
    assertEquals(2, jsonl.out().lines().count());
  }

  @Test
  void unknownFormatListsTheKnownOnes() throws Exception {
    CliRun run = CliRun.of("scan", "--format", "pdf", repoWithKeys().toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("sarif") && run.err().contains("html"), run.err());
  }

  @Test
  void textReportHasNoColourWhenNotATerminal() throws Exception {
    CliRun run = CliRun.of("scan", repoWithKeys().toString());
    assertFalse(run.out().contains("\u001b["), run.out());
  }

  @Test
  void terminalDevicesAreRecognised() {
    assertTrue(Terminal.isTerminalDevice("/dev/pts/3"));
    assertTrue(Terminal.isTerminalDevice("/dev/tty1"));
    assertFalse(Terminal.isTerminalDevice("pipe:[40213]"));
    assertFalse(Terminal.isTerminalDevice("/dev/null"));
    assertFalse(Terminal.isTerminalDevice("/tmp/out.txt"));
  }
}
