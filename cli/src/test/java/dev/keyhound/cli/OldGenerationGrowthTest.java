package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link OldGenerationGrowth} in real JVMs on JDK 25 (skipped without one): with it, the serial
 * collector collects the old generation in full instead of growing it with dead data; without it,
 * JDK 25 grows it and never collects it in full.
 */
class OldGenerationGrowthTest {
  private record Churn(boolean installed, long fullCollections, long peakOldMiB) {}

  private static Churn churn(TestJdk jdk, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(jdk.home().resolve("bin/java").toString()));
    cmd.addAll(List.of("-Xms32m", "-Xmx2g", "-Xmn8m"));
    cmd.addAll(List.of(options));
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), OldGenerationChurn.class.getName()));
    ProcessRun run = ProcessRun.of(new ProcessBuilder(cmd));
    assertEquals(0, run.code(), run.output());
    Matcher m =
        Pattern.compile("installed=(\\w+) full=(\\d+) peakOldMiB=(\\d+)").matcher(run.output());
    assertTrue(m.find(), run.output());
    return new Churn(
        Boolean.parseBoolean(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
  }

  @Test
  void serialCollectorOnJdk25_collectsInFullInsteadOfGrowingTheOldGeneration() throws Exception {
    TestJdk jdk = TestJdk.named("25");
    String asked = "-D" + OldGenerationGrowth.PROPERTY + "=true";

    Churn without = churn(jdk, "-XX:+UseSerialGC");
    Churn with = churn(jdk, "-XX:+UseSerialGC", asked);

    assertFalse(without.installed());
    assertEquals(0, without.fullCollections(), "JDK 25 collected in full by itself: " + without);
    assertTrue(with.installed());
    assertTrue(with.fullCollections() > 0, with.toString());
    assertTrue(with.peakOldMiB() * 2 < without.peakOldMiB(), with + " against " + without);
  }

  @Test
  void anotherCollector_isLeftAlone() throws Exception {
    Churn g1 =
        churn(TestJdk.named("25"), "-XX:+UseG1GC", "-D" + OldGenerationGrowth.PROPERTY + "=true");
    assertFalse(g1.installed());
  }

  @Test
  void grew_onlyWhenTheOldGenerationsCommittedMemoryGrew() {
    MemoryUsage small = new MemoryUsage(0, 10, 64, 100);
    MemoryUsage large = new MemoryUsage(0, 10, 96, 100);
    assertTrue(
        OldGenerationGrowth.grew(Map.of("Tenured Gen", small), Map.of("Tenured Gen", large)));
    assertFalse(
        OldGenerationGrowth.grew(Map.of("Tenured Gen", large), Map.of("Tenured Gen", small)));
    assertFalse(
        OldGenerationGrowth.grew(Map.of("Tenured Gen", small), Map.of("Tenured Gen", small)));
    assertFalse(OldGenerationGrowth.grew(Map.of("G1 Old Gen", small), Map.of("G1 Old Gen", large)));
  }
}
