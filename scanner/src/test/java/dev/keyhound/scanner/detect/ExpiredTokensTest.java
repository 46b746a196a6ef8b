package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The {@code expired} filter: a JWT past its {@code exp} is not a finding; any other JWT is. */
class ExpiredTokensTest {
  private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
  private static final DetectorOptions AT_NOW =
      new DetectorOptions(false, Clock.fixed(NOW, ZoneOffset.UTC));

  private final Random random = new Random(7519);

  @Test
  void builtinJwt_pastItsExp_isNotReported_whileOneStillValidOrWithoutExpIs() {
    Detector builtin = new NaiveDetector(RuleLoader.builtin(), AT_NOW);
    String expired = jwt("{\"sub\":\"svc-4821\",\"iat\":1572006954,\"exp\":1572006964}");
    String valid =
        jwt("{\"sub\":\"svc-4821\",\"exp\":" + NOW.plusSeconds(3600).getEpochSecond() + "}");
    String forever = jwt("{\"sub\":\"svc-4821\",\"scope\":\"deploy\"}");

    assertEquals(List.of(), secrets(builtin, "Authorization: Bearer " + expired));
    assertEquals(List.of(valid), secrets(builtin, "Authorization: Bearer " + valid));
    assertEquals(List.of(forever), secrets(builtin, "Authorization: Bearer " + forever));
  }

  @Test
  void expiryIsJudgedAgainstTheInjectedClock() {
    String token = jwt("{\"sub\":\"svc-4821\",\"exp\":" + NOW.getEpochSecond() + ".5}");
    assertTrue(ExpiredTokens.why(token, NOW).isEmpty(), "not yet past at exp itself");
    assertTrue(ExpiredTokens.why(token, NOW.plusSeconds(1)).isPresent());
    assertTrue(ExpiredTokens.why("eyJhbGciOiJub25lIn0.bm90IGpzb24.", NOW).isEmpty(), "not JSON");
  }

  @Test
  void userRule_dropsExpiredTokensOnlyWhenItAsksForTheFilter() throws Exception {
    String rule =
        """
        [[rules]]
        id = "bearer"
        regex = '''Bearer (eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+)'''
        keywords = ["bearer"]
        """;
    String line = "Authorization: Bearer " + jwt("{\"sub\":\"u-9\",\"exp\":1572006964}");
    RuleSet plain = RuleLoader.parse(rule, "rules.toml");
    RuleSet opted = RuleLoader.parse(rule + "filters = [\"expired\"]\n", "rules.toml");

    assertEquals(1, secrets(new NaiveDetector(plain, AT_NOW), line).size(), "gitleaks behaviour");
    assertEquals(List.of(), secrets(new NaiveDetector(opted, AT_NOW), line));
  }

  private String jwt(String payload) {
    byte[] signature = new byte[32];
    random.nextBytes(signature);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(signature);
  }

  private static List<String> secrets(Detector detector, String text) {
    return detector.detect(text).stream().map(Candidate::secret).distinct().toList();
  }
}
