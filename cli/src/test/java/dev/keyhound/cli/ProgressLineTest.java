package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final long S = 1_000_000_000L;

  @Test
  void history_estimatesTimeLeftFromBlobReadingOnlyNotTheWalkBeforeIt() {
    ProgressPrinter.Line line = new ProgressPrinter.Line(0);
    // 4 s walking history, then reading starts; 1.5 s later 300 of 400 blobs are read.
    line.history(10_000, -1, 0, 0, 4 * S);
    line.history(10_000, 400, 0, 0, 4 * S + S / 2);
    String text = line.history(10_000, 400, 300, 30_000_000, 6 * S);

    // 300 blobs in 1.5 s: the last 100 take 0.5 s (the old estimate, over all 6 s, said 2 s).
    assertEquals("keyhound: 10,000 commits, 300/400 blobs, 30.0 MB, 5.0 MB/s, 1s left", text);
  }

  @Test
  void history_saysUnknownUntilReadingHasRunASecond() {
    ProgressPrinter.Line line = new ProgressPrinter.Line(0);
    line.history(10, 1000, 0, 0, 5 * S);

    String text = line.history(10, 1000, 2, 1000, 5 * S + S / 2);

    assertEquals("keyhound: 10 commits, 2/1,000 blobs, 0.0 MB, 0.0 MB/s, ? left", text);
  }

  @Test
  void files_showsFilesMegabytesAndRate() {
    ProgressPrinter.Line line = new ProgressPrinter.Line(0);

    assertEquals("keyhound: 1,234 files, 50.0 MB, 25.0 MB/s", line.files(1234, 50_000_000, 2 * S));
  }
}
