package dev.keyhound.scanner.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link EncodedValues#nextRun} finds exactly the maximal runs of 24 or more base64 chars. */
class EncodedRunsTest {
  private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/_-]{24,}");

  private static List<String> reference(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = RUN.matcher(text);
    while (m.find()) {
      out.add(m.start() + ".." + m.end());
    }
    return out;
  }

  private static List<String> runs(String text) {
    List<String> out = new ArrayList<>();
    char[] chars = text.toCharArray();
    for (long r = EncodedValues.nextRun(chars, 0, chars.length);
        r >= 0;
        r = EncodedValues.nextRun(chars, (int) r, chars.length)) {
      out.add((r >>> 32) + ".." + (int) r);
    }
    return out;
  }

  @Test
  void edges_runsAtTheStartTheEndAndOfExactlyTheMinimumLength() {
    String run24 = "QUJDREVGR0hJSktMTU5PUFFS";
    for (String text :
        List.of(
            "",
            run24,
            run24.substring(1),
            run24 + " " + run24.substring(1),
            " " + run24,
            run24 + "=",
            "é" + run24 + "é" + run24 + "x",
            "a.b/" + run24 + run24 + "%2F" + run24.substring(3) + "\n")) {
      assertEquals(reference(text), runs(text), text);
    }
  }

  @Test
  void randomTexts_haveTheRunsOfTheRegex() {
    // Pieces of source-like text: words, separators, base64 chars and a char outside ASCII, so runs
    // of every length start and end at every offset relative to the 24-char probe.
    String[] pieces = {
      "a",
      "Z",
      "0",
      "+",
      "/",
      "_",
      "-",
      " ",
      ".",
      "=",
      "\n",
      "é",
      "中",
      "abcdefgh",
      "QUJD",
      "x_y-z/w"
    };
    Random random = new Random(12);
    for (int t = 0; t < 5000; t++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        String p = pieces[random.nextInt(pieces.length)];
        sb.append(p.repeat(1 + random.nextInt(random.nextInt(4) == 0 ? 30 : 3)));
      }
      String text = sb.toString();
      assertEquals(reference(text), runs(text), text);
    }
  }
}
