package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deployment files cannot rot: every manifest and the workflow example parse, and every
 * keyhound command line in them parses with the real CLI (existing commands and flags only).
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> documents(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static List<Path> yamlFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  /** Parses one keyhound command line as {@code keyhound ARGS} would; throws on unknown options. */
  private static void assertParses(List<String> args, String where) {
    try {
      CommandLine.ParseResult r =
          new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
      assertTrue(r.hasSubcommand(), where + ": no subcommand in " + args);
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(
          where + ": `keyhound " + String.join(" ", args) + "`: " + e.getMessage());
    }
  }

  /** Every container in a manifest (pod templates at any depth). */
  private static void containers(JsonNode n, List<JsonNode> out) {
    if (n.isObject()) {
      if (n.has("containers") && n.get("containers").isArray()) {
        n.get("containers").forEach(out::add);
      }
      n.forEach(c -> containers(c, out));
    } else if (n.isArray()) {
      n.forEach(c -> containers(c, out));
    }
  }

  @Test
  void kubernetesManifests_parseAndTheirKeyhoundCommandsParseWithTheCli() throws Exception {
    int checked = 0;
    for (Path f : yamlFiles(DEPLOY.resolve("kubernetes"))) {
      List<JsonNode> docs = documents(f);
      assertFalse(docs.isEmpty(), f + " is empty");
      for (JsonNode doc : docs) {
        assertTrue(doc.hasNonNull("kind") || doc.has("resources"), f + ": no kind");
        List<JsonNode> cs = new ArrayList<>();
        containers(doc, cs);
        for (JsonNode c : cs) {
          if (c.path("image").asText().contains("keyhound")) {
            List<String> args = new ArrayList<>();
            c.path("args").forEach(a -> args.add(a.asText()));
            assertParses(args, f.getFileName() + " container " + c.path("name").asText());
            assertTrue(c.has("resources"), f + ": a keyhound container without resources");
            checked++;
          }
        }
      }
    }
    assertTrue(checked >= 2, "no keyhound containers found under " + DEPLOY);
  }

  @Test
  void cronJob_runsFleetWorkInParallelWithTheLedgerFromASecret() throws Exception {
    JsonNode job = documents(DEPLOY.resolve("kubernetes/cronjob.yaml")).get(0);
    assertEquals("CronJob", job.get("kind").asText());
    JsonNode spec = job.at("/spec/jobTemplate/spec");
    assertTrue(spec.get("parallelism").asInt() > 1);
    JsonNode c = spec.at("/template/spec/containers/0");
    assertEquals(
        List.of("fleet", "work"), List.of(c.at("/args/0").asText(), c.at("/args/1").asText()));
    boolean ledgerFromSecret = false;
    for (JsonNode e : c.get("env")) {
      if (e.get("name").asText().equals("KEYHOUND_LEDGER")) {
        ledgerFromSecret = e.at("/valueFrom/secretKeyRef/name").isTextual();
      }
    }
    assertTrue(ledgerFromSecret, "KEYHOUND_LEDGER must come from a Secret");
    // Exit 1 (findings) is the normal outcome of a night: it must not make the Job retry or fail.
    JsonNode rule = spec.at("/podFailurePolicy/rules/0");
    assertEquals("Ignore", rule.get("action").asText());
    assertTrue(rule.at("/onExitCodes/values").toString().contains("1"));
  }

  @Test
  void workflowExample_scansPullRequestsAndUploadsSarifWithCommandsTheCliAccepts()
      throws Exception {
    JsonNode wf = documents(DEPLOY.resolve("github-actions/keyhound.yml")).get(0);
    // YAML 1.1 readers (SnakeYAML) read the key `on` as the boolean true; GitHub reads it as "on".
    JsonNode on = wf.has("on") ? wf.get("on") : wf.get("true");
    assertTrue(on.has("pull_request"), wf.toString());
    int commands = 0;
    boolean uploads = false;
    for (JsonNode step : wf.at("/jobs/scan/steps")) {
      uploads |= step.path("uses").asText().startsWith("github/codeql-action/upload-sarif");
      for (String line : step.path("run").asText().split("\n")) {
        List<String> words = shellWords(line.strip());
        if (!words.isEmpty() && words.get(0).equals("keyhound")) {
          assertParses(words.subList(1, words.size()), "keyhound.yml: " + line.strip());
          assertTrue(words.contains("--report") || words.contains("--format"), line);
          commands++;
        }
      }
    }
    assertTrue(commands >= 1, "the workflow runs no keyhound command");
    assertTrue(uploads, "the workflow does not upload SARIF");
  }

  @Test
  void dockerfile_runsTheDistributionOnAJre17AsNonRoot() throws Exception {
    String docker = Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);
    List<String> froms = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(docker);
    while (m.find()) {
      froms.add(m.group(1));
    }
    String runtime = froms.get(froms.size() - 1);
    assertTrue(runtime.contains("17") && runtime.contains("jre"), runtime);
    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(docker);
    assertTrue(user.find(), "no USER");
    assertFalse(user.group(1).startsWith("root") || user.group(1).startsWith("0"), user.group(1));
    assertTrue(docker.contains("ENTRYPOINT [\"keyhound\"]"));
    assertTrue(
        docker.contains("dist/target/keyhound-"), "the image is not built from the distribution");
    // scan's class-data archive is recorded at build, as root, during the run (not after it, in
    // the background, where the build step would not wait), into the folder the launcher reads it
    // from.
    assertTrue(docker.contains("ENV KEYHOUND_CACHE_DIR=/opt/keyhound/cache"), docker);
    int record = docker.indexOf("KEYHOUND_ARCHIVE=now keyhound scan --no-git");
    assertTrue(record > 0 && record < user.start(), "no archive recorded before USER");
  }

  @Test
  void kustomize_rendersTheManifests() throws Exception {
    assumeTrue(
        Stream.of(System.getenv("PATH").split(":"))
            .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl"))),
        "kubectl is not installed");
    Process p =
        new ProcessBuilder("kubectl", "kustomize", DEPLOY.resolve("kubernetes").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    List<String> kinds = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
      while (it.hasNext()) {
        kinds.add(it.next().get("kind").asText());
      }
    }
    assertTrue(kinds.containsAll(List.of("Namespace", "ConfigMap", "CronJob")), kinds.toString());
  }

  /**
   * Splits a shell line into words: quotes group, {@code ${{ }}} expressions stay inside a word.
   */
  static List<String> shellWords(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      out.add(w.toString());
    }
    return out;
  }
}
