package dev.keyhound.remediation;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base for tests that run the remediation loop: a fresh {@link Loop} (issuer, webhook receiver,
 * ledgers) in its own temporary folder for each test, closed after it. Subclasses' own set-up runs
 * after the loop starts and their tear-down before it closes.
 */
abstract class LoopTestBase {
  @TempDir Path dir;
  Loop loop;

  @BeforeEach
  void startLoop() throws Exception {
    loop = new Loop(dir);
  }

  @AfterEach
  void closeLoop() throws Exception {
    loop.close();
  }
}
