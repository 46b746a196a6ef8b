package dev.keyhound.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileEndingTest {
  /** The built-in pack's path regexes, and other regexes of the two forms. */
  private static final List<String> ENDINGS =
      List.of(
          "(?i)\\.php$",
          "(?i)\\.(?:tf|tfvars|hcl)$",
          "(?i)(?:^|/)[^/]+\\.(?:p12|pfx)$",
          "\\.pem$",
          "(?:^|/)[^/]+\\.(?:KEY|jks)$",
          "(?i)\\.p12$");

  /** Paths near every edge of those regexes: case, slashes, dots, empty names, controls, folds. */
  private static List<String> paths() {
    List<String> out = new ArrayList<>();
    for (String name :
        List.of(
            "",
            "a",
            "x.php",
            "X.PHP",
            "x.PhP",
            ".php",
            "php",
            "x.php.bak",
            "x.phpx",
            "main.tf",
            "main.TFVARS",
            "main.tfvars",
            "main.tfvar",
            "infra.hcl",
            ".tf",
            "tf",
            "client.p12",
            "CLIENT.PFX",
            ".p12",
            "p12",
            "a.p12",
            "a.b.p12",
            "a.p12/",
            "cert.pem",
            "cert.PEM",
            "id.KEY",
            "id.key",
            "store.jks",
            ".jks",
            "x.php\n",
            "a\n.p12",
            "\n.p12",
            "x.tfvar\u017f",
            "x.tfvarS",
            "id.\u212aEY",
            "\u00e9t\u00e9.php",
            "caf\u00e9.p12",
            "tab\t.p12")) {
      out.add(name);
      out.add("dir/" + name);
      out.add("a/b/" + name);
      out.add("/" + name);
      out.add(name + "/");
    }
    return out;
  }

  @Test
  void everyPathGetsTheRegexsAnswer() {
    int decided = 0;
    for (String regex : ENDINGS) {
      Pattern re2j = Pattern.compile(regex);
      FileEnding ending = FileEnding.of(regex, 0);
      assertTrue(ending != FileEnding.NONE, regex);
      for (String path : paths()) {
        boolean expected = re2j.matcher(path).find();
        LazyPattern lazy = LazyPattern.deferred(regex, 0, 0);
        assertEquals(expected, lazy.finds(path), regex + " on " + escaped(path));
        if (ending.decides(path)) {
          decided++;
          assertEquals(expected, ending.finds(path), regex + " on " + escaped(path));
          assertFalse(lazy.isCompiled(), "compiled for " + escaped(path));
        } else {
          assertTrue(lazy.isCompiled(), "not decided, so the regex answers: " + escaped(path));
        }
      }
    }
    assertTrue(decided > paths().size() * ENDINGS.size() / 2, "decided " + decided);
  }

  @Test
  void foldedCharactersGoToTheRegex() {
    // Under (?i) RE2 matches U+017F (long s) for s and U+212A (Kelvin) for k.
    LazyPattern tf = LazyPattern.deferred("(?i)\\.(?:tf|tfvars|hcl)$", 0, 0);
    assertTrue(tf.finds("main.tfvar\u017f"));
    assertTrue(tf.isCompiled());
    LazyPattern key = LazyPattern.deferred("(?i)\\.key$", 0, 0);
    assertTrue(key.finds("id.\u212aEY"));
  }

  @Test
  void otherRegexesAreNotEndings() {
    for (String regex :
        List.of(
            "(?i)\\.php",
            "(?i)\\.p(?:12)$",
            "\\.(tf|hcl)$",
            "(?i)\\.(?:tf|)$",
            "(?i)\\.(?:t.f)$",
            "(?i)\\.(?:tf|hcl)$|x",
            "(?i)^\\.php$",
            "(?i)(?:^|/)\\.php$",
            "(?i)\\.[a-z]+$",
            "(?m)\\.php$",
            "(?i)(?:^|/)[^/]+\\.(?:p12|pfx)\\z",
            ".php$")) {
      assertSame(FileEnding.NONE, FileEnding.of(regex, 0), regex);
      LazyPattern lazy = LazyPattern.deferred(regex, 0, 0);
      for (String path : paths()) {
        assertEquals(Pattern.compile(regex).matcher(path).find(), lazy.finds(path), regex);
      }
    }
    // RE2/J flags change what $ and case mean: any flag leaves the answer to the regex.
    assertSame(FileEnding.NONE, FileEnding.of("\\.php$", Pattern.MULTILINE));
    assertSame(FileEnding.NONE, FileEnding.of("\\.php$", Pattern.CASE_INSENSITIVE));
    LazyPattern multiline = LazyPattern.deferred("\\.php$", Pattern.MULTILINE, 0);
    assertTrue(multiline.finds("a.php\nb.txt"));
  }

  @Test
  void rule_pathFinds_isFalseWithoutAPath_andAsksThePathOtherwise() {
    Rule contentOnly = Rule.of("r", "", "abc", List.of());
    assertFalse(contentOnly.pathFinds("x.p12"));
    Rule p12 =
        new Rule(
            "p",
            "",
            null,
            0,
            0,
            List.of(),
            LazyPattern.deferred("(?i)(?:^|/)[^/]+\\.(?:p12|pfx)$", 0, 0),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null);
    assertTrue(p12.pathFinds("certs/client.P12"));
    assertFalse(p12.pathFinds("certs/.p12"));
    assertFalse(p12.pathPattern().isCompiled(), "an ASCII path needs no regex");
    assertTrue(p12.path().matcher("certs/client.P12").find());
    assertTrue(p12.pathPattern().isCompiled());
  }

  private static String escaped(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }
}
