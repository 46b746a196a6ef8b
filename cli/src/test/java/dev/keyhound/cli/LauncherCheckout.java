package dev.keyhound.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A checkout as the {@code ./keyhound} launcher sees it, built in a temporary folder: the project's
 * real launcher script beside a {@code cli/target/keyhound.jar} that holds only a manifest whose
 * {@code Class-Path} names this test run's classes. The launcher finds the jar up to date (there
 * are no sources to be newer), so it runs this build's keyhound without building anything. Class
 * folders are named as jars of themselves, made once per test run: the JVM archives classes (a CDS
 * archive, JDK 25's AOT cache) only from jars and refuses a class path with a folder in it. A
 * signed jar (JGit's) is named by an unsigned copy, as the shaded {@code keyhound.jar} has its
 * classes: the JVM archives no class of a signed jar, and JDK 17's dynamic archive then crashed at
 * exit on a lambda of one (in {@code write_lambda_proxy_class_dictionary}) once a recording run had
 * used JGit.
 */
final class LauncherCheckout {
  /** The scan's compiler directives file, relative to the checkout. */
  static final String SCAN_DIRECTIVES = "cli/src/jvm/scan-directives.json";

  /** The rule that sizes a scan, sourced by the launcher, relative to the checkout. */
  static final String SCAN_SIZE = "cli/src/jvm/scan-size.sh";

  /** How the launcher records class data, sourced by it, relative to the checkout. */
  static final String CLASS_DATA = "cli/src/jvm/class-data.sh";

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
    // The compiler directives the launcher passes to a scan's JVM, and the files it sources (the
    // rule that sizes a scan, how it records class data), where the checkout keeps them.
    for (String file : List.of(SCAN_DIRECTIVES, SCAN_SIZE, CLASS_DATA)) {
      Path copy = root.resolve(file);
      Files.createDirectories(copy.getParent());
      Files.copy(realLauncher().resolveSibling(file), copy);
    }
    List<String> urls = new ArrayList<>();
    // Relative to the jar's folder, as the manifest format has them: the JVM's class data
    // sharing reads every Class-Path entry so (a file: URL or absolute path would not match).
    for (Path entry : ClassPathJars.ENTRIES) {
      urls.add(
          target.toAbsolutePath().relativize(entry).toString().replace(File.separatorChar, '/'));
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

  /** This test run's class path, each class folder replaced by a jar of it (made once). */
  private static final class ClassPathJars {
    static final List<Path> ENTRIES = jarred();

    private static List<Path> jarred() {
      try {
        Path jars = Files.createTempDirectory("keyhound-test-classpath");
        jars.toFile().deleteOnExit();
        List<Path> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
          if (entry.isEmpty()) {
            continue;
          }
          Path path = Path.of(entry).toAbsolutePath();
          if (Files.isDirectory(path)) {
            Path jar =
                jars.resolve((n++) + "-" + path.getParent().getParent().getFileName() + ".jar");
            jarOf(path, jar);
            jar.toFile().deleteOnExit();
            path = jar;
          } else if (isSigned(path)) {
            Path jar = jars.resolve((n++) + "-unsigned-" + path.getFileName());
            unsigned(path, jar);
            jar.toFile().deleteOnExit();
            path = jar;
          }
          entries.add(path);
        }
        return List.copyOf(entries);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A jar holding a class folder's files, by their paths in it. */
  static void jarOf(Path folder, Path jar) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out);
        Stream<Path> files = Files.walk(folder)) {
      for (Path f : files.sorted().toList()) {
        String name = folder.relativize(f).toString().replace(File.separatorChar, '/');
        if (name.isEmpty()) {
          continue;
        }
        if (Files.isDirectory(f)) {
          zip.putNextEntry(new JarEntry(name + "/"));
        } else {
          zip.putNextEntry(new JarEntry(name));
          Files.copy(f, zip);
        }
        zip.closeEntry();
      }
    }
  }

  private static final java.util.regex.Pattern SIGNATURE =
      java.util.regex.Pattern.compile("META-INF/[^/]+\\.(SF|DSA|RSA|EC)");

  private static boolean isSigned(Path path) throws IOException {
    if (!Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
      return false;
    }
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path.toFile())) {
      return zip.stream().anyMatch(e -> SIGNATURE.matcher(e.getName()).matches());
    }
  }

  /** A copy of a jar without its signature files (the shade plugin drops them likewise). */
  private static void unsigned(Path signed, Path jar) throws IOException {
    try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(signed.toFile());
        OutputStream out = Files.newOutputStream(jar);
        java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      for (java.util.zip.ZipEntry e : java.util.Collections.list(in.entries())) {
        if (SIGNATURE.matcher(e.getName()).matches()) {
          continue;
        }
        zip.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        try (java.io.InputStream data = in.getInputStream(e)) {
          data.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
  }

  /**
   * {@code pb} set to run the launcher on {@code jdk} with {@code javaOpts}, without the settings
   * of the shell that runs the tests that would change what the launcher does: a hook's markers,
   * the small-scan limit, the startup trace. {@code KEYHOUND_ARCHIVE} is left as the test run sets
   * it.
   */
  static ProcessBuilder environment(ProcessBuilder pb, TestJdk jdk, String javaOpts) {
    pb.environment().remove("KEYHOUND_LAUNCHER");
    pb.environment().remove("KEYHOUND_STAGED_DIFF_FD");
    pb.environment().remove("KEYHOUND_SMALL_SCAN_MB");
    pb.environment().remove("KEYHOUND_TRACE_STARTUP");
    pb.environment().put("KEYHOUND_JAVA_OPTS", javaOpts);
    pb.environment().put("JAVA_HOME", jdk.home().toString());
    return pb;
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
