package dev.keyhound.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdenticalFilesTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTwin_isConfirmedByTheFirstFilesBytesOnDisk() throws IOException {
    IdenticalFiles files = new IdenticalFiles();
    Path a = write("a/x.txt", "same bytes");
    Provenance.File pa = new Provenance.File("a/x.txt");
    Provenance.File pb = new Provenance.File("b/x.txt");

    IdenticalFiles.Content first = files.join(a, bytes("same bytes"), pa);
    assertSame(pa, first.first());
    IdenticalFiles.Content twin =
        files.join(write("b/x.txt", "same bytes"), bytes("same bytes"), pb);
    assertSame(first, twin);
    assertEquals(List.of(pb), first.twins());
  }

  @Test
  void theKeyHoldsTheWholeFileName_notItsFolders() throws IOException {
    IdenticalFiles files = new IdenticalFiles();
    IdenticalFiles.Content first =
        files.join(write("a/x.txt", "same"), bytes("same"), new Provenance.File("a/x.txt"));

    // Other names, of the same length, or ending the same: contents of their own.
    for (String other : List.of("a/y.txt", "b/ax.txt", "x.txt.bak", "b/x.tx")) {
      IdenticalFiles.Content c =
          files.join(write(other, "same"), bytes("same"), new Provenance.File(other));
      assertEquals(other, c.first().path());
    }
    // The same name at the top of the target, and deeper.
    for (String twin : List.of("x.txt", "c/d/x.txt")) {
      assertSame(first, files.join(write(twin, "same"), bytes("same"), new Provenance.File(twin)));
    }
    assertEquals(
        List.of(new Provenance.File("x.txt"), new Provenance.File("c/d/x.txt")), first.twins());
  }

  @Test
  void aFirstFileChangedSinceItWasRead_leavesTheNextToBeScannedOnItsOwn() throws IOException {
    IdenticalFiles files = new IdenticalFiles();
    Path a = write("a/x.txt", "same bytes");
    IdenticalFiles.Content first =
        files.join(a, bytes("same bytes"), new Provenance.File("a/x.txt"));
    // Same size, other bytes: what a CRC collision would also come to.
    Files.writeString(a, "SAME BYTES");

    assertNull(
        files.join(
            write("b/x.txt", "same bytes"), bytes("same bytes"), new Provenance.File("b/x.txt")));
    Files.delete(a);
    assertNull(
        files.join(
            write("c/x.txt", "same bytes"), bytes("same bytes"), new Provenance.File("c/x.txt")));
    assertEquals(List.of(), first.twins());
  }

  @Test
  void pastTheLimit_newContentsAreNotRemembered_butTwinsOfKnownOnesAreStillFound()
      throws IOException {
    IdenticalFiles files = new IdenticalFiles(1);
    Path a = write("a/x.txt", "one");
    IdenticalFiles.Content first = files.join(a, bytes("one"), new Provenance.File("a/x.txt"));

    assertNull(files.join(write("a/y.txt", "two"), bytes("two"), new Provenance.File("a/y.txt")));
    assertNull(files.join(write("b/y.txt", "two"), bytes("two"), new Provenance.File("b/y.txt")));
    assertSame(
        first, files.join(write("b/x.txt", "one"), bytes("one"), new Provenance.File("b/x.txt")));
  }

  @Test
  void skipsOfTheFirst_areCopiedToEachTwin_atItsOwnPath() throws IOException {
    IdenticalFiles files = new IdenticalFiles();
    Path a = write("a/x.zip", "zip");
    IdenticalFiles.Content first = files.join(a, bytes("zip"), new Provenance.File("a/x.zip"));
    files.join(write("b/x.zip", "zip"), bytes("zip"), new Provenance.File("b/x.zip"));
    first.skipped(new Skipped("a/x.zip", Skipped.Reason.CORRUPT, "damaged"));
    first.skipped(new Skipped("a/x.zip!in/y.env", Skipped.Reason.ENCRYPTED, "locked"));

    List<Skipped> copies = new ArrayList<>();
    files.copySkips(copies::add);

    assertEquals(
        List.of(
            new Skipped("b/x.zip", Skipped.Reason.CORRUPT, "damaged"),
            new Skipped("b/x.zip!in/y.env", Skipped.Reason.ENCRYPTED, "locked")),
        copies);
  }
}
