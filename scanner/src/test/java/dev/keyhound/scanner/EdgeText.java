package dev.keyhound.scanner;

/**
 * About 300 KB of numbered filler lines whose line {@code keyLine} holds a key across the edge of
 * the first window a large file is scanned in: what the large-file tests of files on disk, staged
 * files and history blobs all need.
 *
 * @param keyColumn the key's column (1-based) on its line
 */
record EdgeText(String text, int keyLine, int keyColumn) {
  static EdgeText around(String key) {
    int edge = Scanner.MIN_WINDOW - Scanner.MIN_WINDOW / 4; // the first window's owned part ends
    StringBuilder sb = new StringBuilder();
    int line = 1;
    while (sb.length() < edge - 120) {
      sb.append(filler(line++));
    }
    int xs = edge - 20 - sb.length();
    sb.append("x".repeat(xs)).append(" token=").append(key).append('\n');
    int keyLine = line;
    while (sb.length() < 300_000) {
      sb.append(filler(++line));
    }
    return new EdgeText(sb.toString(), keyLine, xs + 8);
  }

  /** Line {@code line}: 99 filler characters and a newline. */
  static String filler(int line) {
    String s = "line " + line + " of plain text that holds nothing of interest to a scanner ";
    return (s + "-".repeat(99)).substring(0, 99) + "\n";
  }
}
