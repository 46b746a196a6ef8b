package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyhound.rules.KeyFormat;
import dev.keyhound.scanner.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue's "must show": what a new user sees scanning a directory of planted credentials. */
class FoundationAcceptanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PEM =
      "-----BEGIN RSA PRIVATE KEY-----\n"
          + "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n"
          + "aFDrBz9vFqU4yB8lSkWkBM8ZOfAhLnQyNn5lGkA6qSXxTr1xSVmNc4NWNd7hF5Ue\n"
          + "7Qj3VmHD9pZs5Vqf1Kx2Bx9mJ3hNwGx3T5cQcb1vDk0R8yQm1p3v0T2aA7n3vVqF\n"
          + "-----END RSA PRIVATE KEY-----\n";
  @TempDir Path dir;

  private static String github(String prefix) {
    String body = "R8sL2mQ9xV4kT7wZ1nB5cH3jF6dG0p";
    return prefix + body + KeyFormat.checksumOf(body);
  }

  private List<String> ruleIds(CliRun r) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
      ids.add(f.get("rule_id").asText());
    }
    return ids;
  }

  @Test
  void scan_findsEachPlantedCredentialTypeInADirectory() throws Exception {
    String issuer = KeyFormat.ISSUER.mint("sk_live_");
    Files.writeString(dir.resolve("app.env"), "WORKOS_API_KEY=" + issuer + "\n");
    Files.writeString(dir.resolve("ci.yml"), "env:\n  GITHUB_TOKEN: " + github("ghp_") + "\n");
    Files.writeString(
        dir.resolve("aws.ini"), "[default]\naws_access_key_id = AKIAZ3MHQ4XLPTWVN7RB\n");
    Files.writeString(dir.resolve("id_rsa"), PEM);
    Files.writeString(
        dir.resolve("notify.py"),
        "SLACK = 'xoxb-6091390996030-8246281948219-u8jzPde0IgxLd6GncfBAepfJ'\n");

    CliRun r = CliRun.of("scan", "--format", "json", dir.toString());

    assertEquals(1, r.exit(), r.err());
    List<String> ids = ruleIds(r);
    assertTrue(ids.contains("keyhound-issuer-key"), ids.toString());
    assertTrue(ids.stream().anyMatch(id -> id.contains("github")), ids.toString());
    assertTrue(ids.stream().anyMatch(id -> id.contains("aws")), ids.toString());
    assertTrue(ids.stream().anyMatch(id -> id.contains("private-key")), ids.toString());
    assertTrue(ids.stream().anyMatch(id -> id.contains("slack")), ids.toString());
    assertFalse(r.out().contains(issuer));
  }

  @Test
  void scan_reportsNoIssuerOrGithubFindingForBadChecksumsOrAllowedLines() throws Exception {
    String issuer = KeyFormat.ISSUER.mint("sk_live_");
    String badIssuer =
        issuer.substring(0, issuer.length() - 1) + (issuer.endsWith("A") ? "B" : "A");
    String gh = github("ghp_");
    String badGh = gh.substring(0, gh.length() - 1) + (gh.endsWith("A") ? "B" : "A");
    Files.writeString(
        dir.resolve("bad.env"), "WORKOS_API_KEY=" + badIssuer + "\nGITHUB_TOKEN=" + badGh + "\n");
    Files.writeString(
        dir.resolve("allowed.env"),
        "WORKOS_API_KEY="
            + issuer
            + " # keyhound:allow\n"
            + "GITHUB_TOKEN="
            + gh
            + " # gitleaks:allow\n");

    CliRun r = CliRun.of("scan", "--format", "json", dir.toString());

    List<String> ids = ruleIds(r);
    assertFalse(
        ids.stream().anyMatch(id -> id.contains("github") || id.equals("keyhound-issuer-key")),
        ids.toString());
  }

  @Test
  void scan_loadsGitleaksDefaultConfigUnchanged() throws Exception {
    Path config = SharedFiles.gitleaksToml();
    Files.writeString(dir.resolve("aws.ini"), "aws_access_key_id = AKIAZ3MHQ4XLPTWVN7RB\n");
    CliRun r = CliRun.of("scan", "--format", "json", "--config", config.toString(), dir.toString());
    assertEquals(1, r.exit(), r.err());
    assertTrue(ruleIds(r).contains("aws-access-token"), r.out());
  }
}
