package dev.keyhound.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How to run this keyhound again from a hook: the {@code ./keyhound} launcher when it started us
 * (it exports {@code KEYHOUND_LAUNCHER}), else this JVM with our jar or class path.
 */
record Launcher(List<String> command) {
  Launcher {
    command = List.copyOf(command);
  }

  static Launcher current() {
    String launcher = System.getenv("KEYHOUND_LAUNCHER");
    if (launcher != null && Files.isExecutable(Path.of(launcher))) {
      return new Launcher(List.of(Path.of(launcher).toAbsolutePath().toString()));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      Path code =
          Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (code.toString().endsWith(".jar")) {
        return new Launcher(List.of(java, "-jar", code.toAbsolutePath().toString()));
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // no code source: fall back to the class path below
    }
    return new Launcher(
        List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
  }

  /** The file the hook checks for before running the command (the launcher or java). */
  String program() {
    return command.get(0);
  }
}
