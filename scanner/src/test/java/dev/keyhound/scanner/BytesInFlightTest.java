package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.testing.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
  void tryAcquire_takesWhatFits_orAnythingWhenNothingIsHeld_andNeverWaits() {
    BytesInFlight gate = new BytesInFlight(10);
    assertTrue(gate.tryAcquire(6));
    assertFalse(gate.tryAcquire(5));
    assertEquals(6, gate.held());
    assertTrue(gate.tryAcquire(4));
    gate.release(10);
    assertTrue(gate.tryAcquire(100));
    assertEquals(100, gate.held());
  }

  /**
   * Small blobs batched behind a blob the only thread is still scanning, then one over the whole
   * bound: the batch must reach the thread before the source waits for their bytes back, or the
   * scan waits for ever.
   */
  @Test
  void scan_smallBlobsBatchedBeforeOneOverTheBound_scansEveryOne() {
    List<String> keys = new ArrayList<>();
    Source source =
        new Source() {
          @Override
          public String describe() {
            return "blobs";
          }

          @Override
          public void emit(Sink sink) {
            sink.accept(blob("first.txt", 3 << 20, keys));
            for (int i = 0; i < 40; i++) {
              sink.accept(blob("small-" + i + ".txt", 200, keys));
            }
            sink.accept(blob("over.txt", 20 << 20, keys));
          }
        };
    Scanner scanner =
        Scanner.create(
            RuleLoader.builtin(),
            new ScanOptions(1, 32L << 20, DetectorOptions.DEFAULTS),
            new Fingerprinter(new byte[32]));

    ScanResult result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(120), () -> scanner.scan(List.of("blobs"), List.of(source)));

    assertEquals(42, result.filesScanned());
    assertEquals(
        keys.stream().sorted().toList(),
        result.findings().stream().map(Finding::secret).sorted().toList());
  }

  /** A blob of about {@code size} bytes of lines of x, with a key of its own. */
  private static SourceItem blob(String path, int size, List<String> keys) {
    String key = Keys.issuer();
    keys.add(key);
    byte[] line = ("\nkey = " + key + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[Math.max(size, line.length)];
    Arrays.fill(bytes, (byte) 'x');
    for (int j = 79; j < bytes.length; j += 80) {
      bytes[j] = '\n';
    }
    System.arraycopy(line, 0, bytes, bytes.length / 2 - line.length / 2, line.length);
    return new SourceItem(Blob.of(bytes), List.<Provenance>of(new Provenance.File(path)));
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
