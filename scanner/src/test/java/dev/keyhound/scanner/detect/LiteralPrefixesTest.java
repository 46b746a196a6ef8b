package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The literal starts offered as anchors: lower-case, long enough, per top-level alternative. */
class LiteralPrefixesTest {
  private static Set<String> anchors(String regex) {
    return LiteralPrefixes.anchors(RegexSyntax.parse(Pattern.compile(regex)));
  }

  @Test
  void literalStart_isLowerCasedAndEndsAtTheFirstOpenPart() {
    assertEquals(Set.of("-----begin"), anchors("(-----BEGIN[ A-Z]{0,20}PRIVATE KEY-----)"));
  }

  @Test
  void alternativesAndSmallClasses_multiplyOut() {
    assertEquals(
        Set.of("setenv(", "putenv(", "akia", "asia"),
        anchors("\\b(?:setenv|putenv)\\(\\s*x|A[KS]IA[A-Z]{16}"));
  }

  @Test
  void alternativeWithoutALiteralStart_contributesNothing() {
    assertEquals(Set.of("\"type\""), anchors("\\w+=secret|\"type\"\\s*:"));
    assertEquals(Set.of(), anchors("(?:ab)?cdef|x*yz"));
  }

  @Test
  void shortOrNonAsciiStarts_areNotOffered() {
    assertEquals(Set.of(), anchors("<[a-z]+>|é+abc"));
  }

  @Test
  void longStarts_areCut() {
    assertEquals(
        List.of("abcdefghijklmnop"), List.copyOf(anchors("abcdefghijklmnopqrstuvwxyz[0-9]+")));
  }
}
