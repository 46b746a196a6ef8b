package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.scanner.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Baselines over real files: ids follow the secret, not the line. */
class BaselineCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path tmp;
  private Path repo;
  private Path baseline;
  private final String oldKey = KeyFormat.ISSUER.mint("sk_live_");

  @BeforeEach
  void repoWithOneKeyAndABaseline() throws Exception {
    repo = Files.createDirectories(tmp.resolve("repo"));
    baseline = tmp.resolve("baseline.json");
    Files.writeString(repo.resolve("app.env"), "NAME=demo\nAPI_KEY=" + oldKey + "\n");
    assertEquals(1, CliRun.of("scan", repo.toString()).exit());
    CliRun created =
        CliRun.of("baseline", "create", "--output", baseline.toString(), repo.toString());
    assertEquals(0, created.exit(), created.err());
    assertTrue(created.err().contains("wrote 1 finding id(s)"), created.err());
  }

  @Test
  void baseline_holdsNoSecretMaterial() throws Exception {
    String text = Files.readString(baseline);
    assertFalse(text.contains(oldKey));
    assertEquals("keyhound-baseline/v1", MAPPER.readTree(text).path("schema").asText());
  }

  @Test
  void scan_withBaselineIgnoresSecretMovedToAnotherLineAndFile() throws Exception {
    Files.delete(repo.resolve("app.env"));
    Files.createDirectories(repo.resolve("config"));
    Files.writeString(
        repo.resolve("config/settings.properties"),
        "# moved\n\n\nservice.url=https://example.test\nservice.key = \"" + oldKey + "\"\n");
    CliRun run =
        CliRun.of("scan", "--baseline", baseline.toString(), "--format", "json", repo.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(0, MAPPER.readTree(run.out()).path("findings").size());
  }

  @Test
  void scan_withBaselineReportsANewSecretOnTheSameLine() throws Exception {
    String newKey = KeyFormat.ISSUER.mint("sk_live_");
    Files.writeString(
        repo.resolve("app.env"), "NAME=demo\nAPI_KEY=" + oldKey + " NEXT_KEY=" + newKey + "\n");
    CliRun run =
        CliRun.of("scan", "--baseline", baseline.toString(), "--format", "json", repo.toString());
    assertEquals(1, run.exit(), run.err());
    JsonNode findings = MAPPER.readTree(run.out()).path("findings");
    assertEquals(1, findings.size());
    assertEquals(Redactor.redact(newKey), findings.get(0).path("redacted").asText());
    assertEquals(2, findings.get(0).path("occurrences").get(0).path("line").asInt());
    assertFalse(baselineIds().contains(findings.get(0).path("id").asText()));
  }

  @Test
  void scan_acceptsIdsListedInKeyhoundignore() throws Exception {
    String id = baselineIds().iterator().next();
    Files.writeString(
        repo.resolve(".keyhoundignore"), "# the demo key, already revoked\n" + id + "\n");
    CliRun run = CliRun.of("scan", repo.toString());
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.err().contains("1 accepted finding(s) not reported"), run.err());
  }

  @Test
  void baselineCreate_keepsJsonOnStdoutParseable() throws Exception {
    Path other = tmp.resolve("other.json");
    CliRun run =
        CliRun.of(
            "baseline", "create", "--format", "json", "-o", other.toString(), repo.toString());
    assertEquals(0, run.exit(), run.err());
    assertEquals(1, MAPPER.readTree(run.out()).path("findings").size());
    assertEquals(
        baselineIds().size(), MAPPER.readTree(Files.readString(other)).path("findings").size());
  }

  @Test
  void scan_withMissingBaselineIsAUsageError() {
    CliRun run =
        CliRun.of("scan", "--baseline", tmp.resolve("nope.json").toString(), repo.toString());
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("baseline file not found"), run.err());
  }

  @Test
  void scan_withFullJsonReportAsBaselineAcceptsItsFindings() throws Exception {
    Path report = tmp.resolve("report.json");
    assertEquals(1, CliRun.of("scan", "--report", report.toString(), repo.toString()).exit());
    assertEquals(0, CliRun.of("scan", "--baseline", report.toString(), repo.toString()).exit());
  }

  private Set<String> baselineIds() throws Exception {
    Set<String> ids = new HashSet<>();
    MAPPER
        .readTree(Files.readString(baseline))
        .path("findings")
        .forEach(f -> ids.add(f.path("id").asText()));
    return ids;
  }
}
