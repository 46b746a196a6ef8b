package dev.keyhound.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A checkout as the {@code ./keyhound} launcher sees it, built in a temporary folder: the project's
 * real launcher script beside a {@code cli/target/keyhound.jar} that holds only a manifest whose
 * {@code Class-Path} names this test run's classes. The launcher finds the jar up to date (there
 * are no sources to be newer), so it runs this build's keyhound without building anything.
 */
final class LauncherCheckout {
  /** The scan's compiler directives file, relative to the checkout. */
  static final String SCAN_DIRECTIVES = "cli/src/jvm/scan-directives.json";

  private LauncherCheckout() {}

  /** The project's launcher script, found from the module's working directory. */
  static Path realLauncher() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path script = d.resolve("keyhound");
      if (Files.isRegularFile(script) && Files.isRegularFile(d.resolve(".pre-commit-hooks.yaml"))) {
        return script;
      }
    }
    throw new IllegalStateException("the keyhound launcher was not found above the working folder");
  }

  /** Creates the checkout in {@code root}; returns its launcher. */
  static Path create(Path root) throws IOException {
    Path target = Files.createDirectories(root.resolve("cli/target"));
    Path launcher = root.resolve("keyhound");
    Files.copy(realLauncher(), launcher);
    launcher.toFile().setExecutable(true);
    // The compiler directives the launcher passes to a scan's JVM, where the checkout keeps them.
    Path directives = root.resolve(SCAN_DIRECTIVES);
    Files.createDirectories(directives.getParent());
    Files.copy(realLauncher().resolveSibling(SCAN_DIRECTIVES), directives);
    List<String> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
      }
    }
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
    try (OutputStream out = Files.newOutputStream(target.resolve("keyhound.jar"));
        JarOutputStream jar = new JarOutputStream(out, m)) {
      // the manifest is the whole jar
    }
    return launcher;
  }

  /** Whether a program is on PATH. */
  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
