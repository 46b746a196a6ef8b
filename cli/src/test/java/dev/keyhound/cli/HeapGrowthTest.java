package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link HeapGrowth}: in real JVMs on JDK 25 (skipped without one), the serial collector collects
 * in full instead of growing the old generation with dead data, which it does without it; and its
 * rule on a heap that the test grows and shrinks.
 */
class HeapGrowthTest {
  private record Churn(boolean watching, long fullCollections, long peakOldMiB) {}

  private static Churn churn(TestJdk jdk, String... options) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(jdk.home().resolve("bin/java").toString()));
    cmd.addAll(List.of("-Xms32m", "-Xmx2g", "-Xmn8m"));
    cmd.addAll(List.of(options));
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), HeapGrowthChurn.class.getName()));
    ProcessRun run = ProcessRun.of(new ProcessBuilder(cmd));
    assertEquals(0, run.code(), run.output());
    Matcher m =
        Pattern.compile("watching=(\\w+) full=(\\d+) peakOldMiB=(\\d+)").matcher(run.output());
    assertTrue(m.find(), run.output());
    return new Churn(
        Boolean.parseBoolean(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
  }

  private static final String ASKED = "-D" + HeapGrowth.PROPERTY + "=true";

  @Test
  void serialCollectorOnJdk25_collectsInFullInsteadOfGrowingTheOldGeneration() throws Exception {
    TestJdk jdk = TestJdk.named("25");

    Churn without = churn(jdk, "-XX:+UseSerialGC");
    Churn with = churn(jdk, "-XX:+UseSerialGC", ASKED);

    assertFalse(without.watching());
    assertEquals(0, without.fullCollections(), "JDK 25 collected in full by itself: " + without);
    assertTrue(with.watching());
    assertTrue(with.fullCollections() > 0, with.toString());
    assertTrue(with.peakOldMiB() * 2 < without.peakOldMiB(), with + " against " + without);
  }

  @Test
  void anotherCollector_isLeftAlone() throws Exception {
    Churn g1 = churn(TestJdk.named("25"), "-XX:+UseG1GC", ASKED);
    assertTrue(g1.watching());
    assertEquals(0, g1.fullCollections(), g1.toString());
  }

  @Test
  void look_collectsOnlyAfterTheHeapGrewPastWhatTheLastLookOrCollectionLeft() {
    AtomicLong heap = new AtomicLong(100);
    AtomicInteger collections = new AtomicInteger();
    HeapGrowth growth =
        new HeapGrowth(
            heap::get,
            () -> true,
            () -> {
              collections.incrementAndGet();
              heap.set(150); // a full collection may itself grow the heap (MinHeapFreeRatio)
            });

    assertTrue(growth.look());
    assertEquals(0, collections.get());
    heap.set(120);
    assertTrue(growth.look());
    assertEquals(1, collections.get());
    assertTrue(growth.look()); // 150, what the collection left: no growth
    heap.set(90);
    assertTrue(growth.look());
    heap.set(95);
    assertTrue(growth.look());
    assertEquals(2, collections.get());
  }

  @Test
  void look_stopsForGoodWhenTheHeapGrowsUnderAnotherCollector() {
    AtomicLong heap = new AtomicLong(100);
    AtomicInteger asked = new AtomicInteger();
    HeapGrowth growth =
        new HeapGrowth(
            heap::get,
            () -> asked.incrementAndGet() < 0,
            () -> {
              throw new AssertionError("collected under another collector");
            });

    assertTrue(growth.look());
    heap.set(200);
    assertFalse(growth.look());
    assertEquals(1, asked.get());
  }
}
