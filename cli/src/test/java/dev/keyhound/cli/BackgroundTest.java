package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class BackgroundTest {

  @Test
  void get_returnsWhatTheWorkComputedOnItsOwnThread() throws IOException {
    Background<String> name =
        Background.start("keyhound-test", () -> Thread.currentThread().getName());

    assertEquals("keyhound-test", name.get());
  }

  @Test
  void get_rethrowsAUserErrorAsThrownSoItsExitCodeSurvives() {
    UserError thrown = new UserError("config file not found: x.toml");
    Background<String> failing =
        Background.start(
            "keyhound-test",
            () -> {
              throw thrown;
            });

    assertSame(thrown, assertThrows(UserError.class, failing::get));
  }

  @Test
  void get_rethrowsAnIoExceptionAsThrown() {
    IOException thrown = new IOException("disk gone");
    Background<String> failing =
        Background.start(
            "keyhound-test",
            () -> {
              throw thrown;
            });

    assertSame(thrown, assertThrows(IOException.class, failing::get));
  }
}
