package dev.keyhound.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A JDK the launcher tests run keyhound on, described by its {@code release} file as the launchers
 * read it: the one running the tests ({@code "current"}), or a JDK 25 or later ({@code "25"}) given
 * by {@code -Dkeyhound.test.jdk25=JAVA_HOME} or found in {@code /usr/lib/jvm}.
 */
record TestJdk(Path home, int feature, String id) {
  /** The system property that names a JDK 25+ home for the tests. */
  static final String PROPERTY = "keyhound.test.jdk25";

  /** The JDKs a test parameterised with {@code @ValueSource(strings = {"current", "25"})} names. */
  static TestJdk named(String which) {
    if (which.equals("current")) {
      return of(Path.of(System.getProperty("java.home")));
    }
    Optional<TestJdk> jdk = jdk25();
    Assumptions.assumeTrue(
        jdk.isPresent(),
        "no JDK 25 or later: set -D"
            + PROPERTY
            + "=JAVA_HOME or install one in /usr/lib/jvm; JDK 25 variant skipped");
    return jdk.orElseThrow();
  }

  /** A JDK 25 or later, if this machine has one. */
  static Optional<TestJdk> jdk25() {
    String given = System.getProperty(PROPERTY, "");
    if (!given.isBlank()) {
      return Optional.of(of(Path.of(given))).filter(j -> j.feature() >= 25);
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms, "*25*")) {
      for (Path home : homes) {
        if (Files.isExecutable(home.resolve("bin/java"))
            && Files.isRegularFile(home.resolve("release"))) {
          TestJdk jdk = of(home);
          if (jdk.feature() >= 25) {
            return Optional.of(jdk);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.empty();
  }

  /** Reads {@code home/release} as the launchers do. */
  static TestJdk of(Path home) {
    Map<String, String> release = new HashMap<>();
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          release.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("no release file in the JDK at " + home, e);
    }
    String version = release.getOrDefault("JAVA_VERSION", "");
    String digits = version.replaceAll("^([0-9]*).*$", "$1");
    String build = release.getOrDefault("JAVA_RUNTIME_VERSION", version);
    String id =
        (release.getOrDefault("IMPLEMENTOR", "") + "-" + build).replaceAll("[^A-Za-z0-9.+_-]", "_");
    return new TestJdk(home, digits.isEmpty() ? 0 : Integer.parseInt(digits), id);
  }

  Path java() {
    return home.resolve("bin/java");
  }

  /**
   * The file name the launchers give the class data of one command on this JDK, from the name of
   * its JDK 17 archive ({@code keyhound-scan.jsa}): that archive below 25, an AOT cache named for
   * the JDK build on 25 and later.
   */
  String archive(String jsaName) {
    return feature >= 25 ? jsaName.replaceAll("\\.jsa$", "") + "-" + id + ".aot" : jsaName;
  }

  @Override
  public String toString() {
    return "JDK " + feature + " (" + home + ")";
  }
}
