package dev.keyhound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running out of memory ends keyhound with exit 4 and one line that says how to give it more. */
class OutOfMemoryExitTest {

  @Test
  void scan_outOfMemoryIsExit4WithOneLineNamingKeyhoundJavaOpts(@TempDir Path tmp)
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("big"));
    // A 256 MiB file (sparse: no disk cost) allowed by --max-file-size, in a 64 MiB heap.
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("dump.txt").toFile(), "rw")) {
      f.setLength(256L << 20);
    }
    Path err = tmp.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "scan",
                    "--no-git",
                    "--max-file-size",
                    "512m",
                    dir.toString()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "keyhound did not end");

    List<String> lines =
        Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(4, p.exitValue(), "stderr: " + lines);
    assertEquals(1, lines.size(), "stderr: " + lines);
    assertTrue(lines.get(0).contains("out of memory"), lines.get(0));
    assertTrue(lines.get(0).contains("KEYHOUND_JAVA_OPTS=-Xmx"), lines.get(0));
  }
}
