package dev.keyhound.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void acquire_spacesCallsOneIntervalApart() throws Exception {
    AtomicLong now = new AtomicLong(0);
    RateLimiter r = new RateLimiter(4, now::get, d -> now.addAndGet(d.toNanos()));
    for (int i = 0; i < 9; i++) {
      r.acquire();
    }
    // Nine calls at 4 per second: the ninth starts two seconds after the first.
    assertEquals(Duration.ofSeconds(2).toNanos(), now.get());
  }

  @Test
  void zero_meansNoCap() throws Exception {
    AtomicLong now = new AtomicLong(0);
    RateLimiter r = new RateLimiter(0, now::get, d -> now.addAndGet(d.toNanos()));
    for (int i = 0; i < 100; i++) {
      r.acquire();
    }
    assertEquals(0, now.get());
  }

  @Test
  void negativeRate_isRefusedWithTheValue() {
    assertEquals(
        "requests per second must be 0 (no cap) or positive: -1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new RateLimiter(-1, System::nanoTime, Sleeper.REAL))
            .getMessage());
  }
}
