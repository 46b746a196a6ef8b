package dev.keyhound.scanner;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes values from scanned data safe to show on a terminal or a page: a file name or commit author
 * holding {@code ESC[2J}, an OSC sequence, a bell or a line break must not reach the screen as
 * control characters, nor forge a line of output. JSON, SARIF and CSV keep exact values instead, in
 * their own escaping.
 */
public final class Printable {
  private Printable() {}

  /**
   * The value with C0 controls, DEL and C1 controls escaped: {@code \n}, {@code \r}, {@code \t},
   * else {@code \x1b} (C0, DEL) or {@code \u009b} (C1). Null stays null.
   */
  public static String escape(String s) {
    if (s == null || isClean(s)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isControl(c)) {
        b.append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x80) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  private static boolean isClean(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isControl(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
  }

  /**
   * A file name's bytes as text: valid UTF-8 decoded, each byte that is not shown as {@code \xNN}
   * (so {@code printf 'bad\xff.env'} names the file again), never U+FFFD.
   */
  public static String bytes(byte[] name) {
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(name);
    CharBuffer out = CharBuffer.allocate(name.length * 4 + 4);
    while (true) {
      CoderResult r = d.decode(in, out, true);
      if (r.isUnderflow()) {
        break;
      }
      if (r.isError()) {
        for (int i = 0; i < r.length(); i++) {
          out.put(String.format("\\x%02x", in.get() & 0xff));
        }
      } else {
        throw new IllegalStateException(
            "output buffer sized for the worst case", new CharacterCodingException());
      }
    }
    d.flush(out);
    out.flip();
    return out.toString();
  }
}
