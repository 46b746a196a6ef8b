package dev.keyhound.scanner.detect;

import dev.keyhound.scanner.Futures;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A detector built on its own thread while the scan's sources start (a history scan walks its
 * commits first), so the fast detector's set-up (about half a second of CPU, cold) overlaps that
 * walk instead of preceding it. The first {@link #detect} waits for it.
 */
final class BackgroundDetector implements Detector {
  private final CompletableFuture<Detector> built = new CompletableFuture<>();

  BackgroundDetector(Supplier<Detector> build) {
    Thread t =
        new Thread(
            () -> {
              try {
                built.complete(build.get());
              } catch (RuntimeException | Error e) {
                built.completeExceptionally(e);
              }
            },
            "keyhound-detector-build");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public List<Candidate> detect(String text) {
    return detector().detect(text);
  }

  @Override
  public List<Candidate> detect(String text, char[] chars, int length) {
    return detector().detect(text, chars, length);
  }

  @Override
  public void scanEnded() {
    if (built.isDone() && !built.isCompletedExceptionally()) {
      built.join().scanEnded();
    }
  }

  /** The built detector; rethrows what building it threw. */
  Detector detector() {
    return Futures.join(built);
  }
}
