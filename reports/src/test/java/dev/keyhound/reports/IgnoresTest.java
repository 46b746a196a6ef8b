package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IgnoresTest {
  @TempDir Path root;

  @Test
  void ignores_acceptListedIdsAndSkipCommentsAndBlankLines() throws IOException {
    Files.writeString(
        root.resolve(".keyhoundignore"),
        """
        # test fixtures, dead keys
        0A1B2C3D4E5F60718293A4B5C6D7E8F9

        1f2e3d4c5b6a79880796a5b4c3d2e1f0   # the AWS example key from the docs
        """);
    FindingFilter f = Ignores.load(root);
    assertEquals(
        Set.of("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "1f2e3d4c5b6a79880796a5b4c3d2e1f0"), f.ids());
    assertTrue(f.problems().isEmpty());
    assertEquals(
        Set.of("2a3b4c5d6e7f8091a2b3c4d5e6f70819", "3c4d5e6f708192a3b4c5d6e7f8091a2b"),
        Set.copyOf(f.apply(ReportFixture.scan()).findings().stream().map(Finding::id).toList()));
  }

  @Test
  void ignores_reportAMalformedLineWithoutEchoingIt() throws IOException {
    Files.writeString(
        root.resolve(".keyhoundignore"), "sk_live_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4\n");
    FindingFilter f = Ignores.load(root);
    assertTrue(f.ids().isEmpty());
    assertEquals(1, f.problems().size());
    assertTrue(
        f.problems().get(0).contains(".keyhoundignore:1: not a finding id"), f.problems().get(0));
    assertFalse(f.problems().get(0).contains("sk_live"));
  }

  @Test
  void ignores_absentFileAcceptsNothing() {
    FindingFilter f = Ignores.load(root);
    assertTrue(f.ids().isEmpty());
    assertEquals(4, f.apply(ReportFixture.scan()).findings().size());
  }
}
