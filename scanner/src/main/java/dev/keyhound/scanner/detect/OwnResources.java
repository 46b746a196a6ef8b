package dev.keyhound.scanner.detect;

import dev.keyhound.rules.OwnJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The detector's resources, read from the scanner's own jar when it is in one: the class loader's
 * lookup searches the JDK's modules first (opening its run-time image the first time in a JVM) and
 * goes through {@code jar:} URLs, which a pre-commit check that stops a commit waits for (see
 * {@link OwnJar}). From a classes folder (tests), through the class loader.
 */
final class OwnResources {
  private OwnResources() {}

  /** The resource {@code name} beside this class, or null when there is none. */
  static InputStream open(String name) throws IOException {
    byte[] own = OwnJar.read(OwnResources.class, "dev/keyhound/scanner/detect/" + name);
    return own != null
        ? new ByteArrayInputStream(own)
        : OwnResources.class.getResourceAsStream(name);
  }
}
