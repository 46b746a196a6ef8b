package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's remediation walk-through, its lines taken from README.md so that they cannot
 * rot, twice from a checkout: both runs complete the loop, nothing is written into the checkout,
 * and the issuer and receiver it starts are stopped at the end.
 */
class WalkthroughTest {
  @TempDir Path dir;

  /** The shell block that follows the walk-through's heading in the README. */
  static String walkthrough(Path readme) throws IOException {
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int heading = text.indexOf("### Walk-through on one machine");
    assertTrue(heading >= 0, "README has the walk-through heading");
    int start = text.indexOf("```sh\n", heading) + "```sh\n".length();
    int end = text.indexOf("\n```\n", start);
    return text.substring(start, end + 1);
  }

  @Test
  void readmeWalkthrough_runsTwiceLeavesTheCheckoutCleanAndStopsWhatItStarted() throws Exception {
    for (String tool : List.of("curl", "jq", "python3", "git")) {
      assumeTrue(LauncherCheckout.onPath(tool), tool + " is not installed: walk-through skipped");
    }
    Path readme = LauncherCheckout.realLauncher().resolveSibling("README.md");
    Path checkout = dir.resolve("checkout");
    LauncherCheckout.create(checkout);
    Path receiver = checkout.resolve("examples/webhook-receiver.py");
    Files.createDirectories(receiver.getParent());
    Files.copy(readme.resolveSibling("examples/webhook-receiver.py"), receiver);
    receiver.toFile().setExecutable(true);
    String script = walkthrough(readme) + "echo \"PIDS $ISSUER_PID $RECEIVER_PID\"\n";

    String first = run(checkout, script);
    String second = run(checkout, script);

    for (String out : List.of(first, second)) {
      assertTrue(out.contains("secret.revoked"), out);
      assertTrue(out.contains("secret.approval_required"), out);
      String lastStatus = out.substring(out.lastIndexOf("FINDING"));
      assertFalse(lastStatus.contains("approval_required"), "approved key revoked: " + out);
      assertTrue(lastStatus.contains("confirmed_dead"), out);
      Matcher pids = Pattern.compile("PIDS (\\d+) (\\d+)").matcher(out);
      assertTrue(pids.find(), out);
      for (String pid : List.of(pids.group(1), pids.group(2))) {
        assertFalse(
            ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false),
            "background process " + pid + " still running");
      }
    }
    assertFalse(Files.exists(checkout.resolve(".git")), "nothing committed in the checkout");
    assertFalse(Files.exists(checkout.resolve("app.env")), "no key written into the checkout");
  }

  private String run(Path checkout, String script) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", script)
            .directory(checkout.toFile())
            .redirectErrorStream(true);
    pb.environment().put("HOME", dir.resolve("home").toString());
    pb.environment().put("KEYHOUND_HOME", dir.resolve("state").toString());
    pb.environment().put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // To a file, not a pipe: a background process left running would hold a pipe open forever.
    Path log = Files.createTempFile(dir, "walkthrough", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    List<ProcessHandle> started = new ArrayList<>();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        throw new AssertionError("walk-through did not finish in 5 minutes");
      }
    } finally {
      p.descendants().forEach(started::add);
      started.forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.writeString(Path.of("target", "walkthrough.log"), out);
    return out;
  }
}
