package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.testing.Keys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BytesInFlightTest {
  /** Waits until the thread blocks (no timing assertion: it fails only if it never does). */
  private static void awaitWaiting(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.WAITING) {
      assertTrue(t.isAlive(), "the thread ended instead of waiting");
      Thread.sleep(5);
    }
  }

  @Test
  void acquire_overTheBoundWaitsUntilEnoughIsReleased() throws Exception {
    BytesInFlight gate = new BytesInFlight(10);
    gate.acquire(6);
    Thread second = new Thread(() -> gate.acquire(6));
    second.start();
    awaitWaiting(second);

    assertEquals(6, gate.held());
    gate.release(6);
    second.join();
    assertEquals(6, gate.held());
  }

  @Test
  void acquire_ofMoreThanTheBoundPassesWhenNothingIsHeld() {
    BytesInFlight gate = new BytesInFlight(10);

    gate.acquire(100);

    assertEquals(100, gate.held());
  }

  @Test
  void acquire_waitsThroughAnInterruptAndKeepsIt() throws Exception {
    BytesInFlight gate = new BytesInFlight(10);
    gate.acquire(10);
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    Thread second =
        new Thread(
            () -> {
              gate.acquire(5);
              interruptedAfter.set(Thread.currentThread().isInterrupted());
            });
    second.start();
    awaitWaiting(second);
    second.interrupt();
    awaitWaiting(second);

    assertEquals(10, gate.held());
    gate.release(10);
    second.join();
    assertEquals(5, gate.held());
    assertTrue(interruptedAfter.get());
  }

  @Test
  void bound_mustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BytesInFlight(0));
    assertEquals("bytes in flight must be positive: 0", e.getMessage());
  }

  @Test
  void scan_ofBlobsFarOverTheBoundTogetherScansEveryOne() {
    // 24 blobs of 3 MiB on one thread: 72 MiB against a bound of 16 MiB, each with its own key.
    List<String> keys = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String key = Keys.issuer();
      keys.add(key);
      byte[] bytes = new byte[3 << 20];
      Arrays.fill(bytes, (byte) 'x');
      for (int j = 79; j < bytes.length; j += 80) {
        bytes[j] = '\n';
      }
      byte[] line = ("\nkey = " + key + "\n").getBytes(StandardCharsets.UTF_8);
      System.arraycopy(line, 0, bytes, 1 << 20, line.length);
      String path = "blob-" + i + ".txt";
      sources.add(
          new Source() {
            @Override
            public String describe() {
              return path;
            }

            @Override
            public void emit(Sink sink) {
              sink.accept(
                  new SourceItem(Blob.of(bytes), List.<Provenance>of(new Provenance.File(path))));
            }
          });
    }
    Scanner scanner =
        Scanner.create(
            RuleLoader.builtin(),
            new ScanOptions(1, 4L << 20, DetectorOptions.DEFAULTS),
            new Fingerprinter(new byte[32]));

    ScanResult result = scanner.scan(List.of("blobs"), sources);

    assertEquals(24, result.filesScanned());
    assertEquals(
        keys.stream().sorted().toList(),
        result.findings().stream().map(Finding::secret).sorted().toList());
  }
}
