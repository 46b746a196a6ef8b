package dev.keyhound.scanner.detect;

import com.google.re2j.Pattern;
import dev.keyhound.scanner.detect.RegexSyntax.Node;
import java.util.Random;

/**
 * TEST-ONLY: random strings drawn from a regex's syntax tree, to plant secrets of every rule's
 * shape.
 */
final class RegexSampler {
  private final Random random;

  RegexSampler(Random random) {
    this.random = random;
  }

  String sample(Pattern p) {
    StringBuilder sb = new StringBuilder();
    emit(RegexSyntax.parse(p), sb);
    return sb.toString();
  }

  private void emit(Node n, StringBuilder sb) {
    switch (n.op()) {
      case LITERAL -> {
        for (int r : n.runes()) {
          int[] orbit = n.foldCase() ? RegexSyntax.foldOrbit(r) : new int[] {r};
          int pick = orbit[random.nextInt(orbit.length)];
          sb.appendCodePoint(random.nextInt(20) == 0 ? pick : orbit[0]);
        }
      }
      case CHAR_CLASS -> sb.appendCodePoint(pickFromRanges(n.runes()));
      case ANY_CHAR, ANY_CHAR_NOT_NL -> sb.append((char) ('a' + random.nextInt(26)));
      case CAPTURE -> emit(n.subs().get(0), sb);
      case STAR -> times(n.subs().get(0), 0, 3, sb);
      case PLUS -> times(n.subs().get(0), 1, 4, sb);
      case QUEST -> times(n.subs().get(0), 0, 1, sb);
      case REPEAT -> times(n.subs().get(0), n.min(), n.max() < 0 ? n.min() + 3 : n.max(), sb);
      case CONCAT -> n.subs().forEach(s -> emit(s, sb));
      case ALTERNATE -> emit(n.subs().get(random.nextInt(n.subs().size())), sb);
      default -> {}
    }
  }

  private void times(Node sub, int min, int max, StringBuilder sb) {
    int count = min + random.nextInt(Math.max(1, Math.min(max, min + 40) - min + 1));
    for (int i = 0; i < count; i++) {
      emit(sub, sb);
    }
  }

  /** Mostly printable ASCII members, so samples look like text; sometimes any member at all. */
  private int pickFromRanges(int[] r) {
    int pairs = r.length / 2;
    for (int attempt = 0; attempt < 8; attempt++) {
      int i = random.nextInt(pairs) * 2;
      int lo = r[i];
      int hi = Math.min(r[i + 1], lo + 200);
      int c = lo + random.nextInt(hi - lo + 1);
      if ((c >= 0x20 && c < 0x7f)
          || c == '\n'
          || c == '\t'
          || attempt == 7
          || random.nextInt(10) == 0) {
        return c;
      }
    }
    return r[0];
  }
}
