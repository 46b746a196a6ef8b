package dev.keyhound.scanner.extract;

import static dev.keyhound.scanner.extract.ExtractionScans.MAX_FILE_SIZE;
import static dev.keyhound.scanner.extract.ExtractionScans.newKey;
import static dev.keyhound.scanner.extract.ExtractionScans.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.scanner.Fingerprinter;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Scanner;
import dev.keyhound.scanner.detect.DetectorOptions;
import dev.keyhound.scanner.git.GitHistorySource;
import dev.keyhound.scanner.git.GitScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extraction applies to history blobs too: files committed once and deleted are still read inside.
 */
class HistoryExtractionTest {
  @TempDir Path dir;

  @Test
  void historyScan_findsKeysInsideArchivesDocumentsNotebooksAndEncodedValuesNoLongerInTheTree()
      throws Exception {
    String zipKey = newKey();
    String pdfKey = newKey();
    String secretKey = newKey();
    String notebookKey = newKey();
    Path repo = dir.resolve("repo");
    PersonIdent who = new PersonIdent("Dev", "dev@example.com");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.write(
          repo.resolve("release.zip"),
          ArchiveExtractionTest.zip(
              "bundle/inner.zip",
              ArchiveExtractionTest.zip("config/prod.env", ArchiveExtractionTest.envFile(zipKey))));
      Files.write(
          repo.resolve("runbook.pdf"),
          DocumentExtractionTest.pdf(
              List.of(List.of("Runbook"), List.of("Rotation", "key: " + pdfKey))));
      Files.writeString(
          repo.resolve("secret.yaml"),
          "kind: Secret\ndata:\n  api-key: " + EncodedAndNotebookTest.b64(secretKey) + "\n");
      Files.writeString(
          repo.resolve("nb.ipynb"),
          "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"x\"],"
              + " \"outputs\": [{\"output_type\": \"stream\", \"text\": [\"key=\\\""
              + notebookKey
              + "\\\"\\n\"]}]}]}");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("add").setAuthor(who).setCommitter(who).setSign(false).call();
      git.rm()
          .addFilepattern("release.zip")
          .addFilepattern("runbook.pdf")
          .addFilepattern("secret.yaml")
          .addFilepattern("nb.ipynb")
          .call();
      git.commit().setMessage("remove").setAuthor(who).setCommitter(who).setSign(false).call();
    }

    ScanResult result =
        Scanner.create(
                RuleLoader.builtin(),
                new ScanOptions(2, MAX_FILE_SIZE, DetectorOptions.DEFAULTS),
                new Fingerprinter(new byte[32]))
            .scan(
                List.of(repo.toString()),
                List.of(new GitHistorySource(repo, "repo", GitScope.everything(), MAX_FILE_SIZE)));

    Occurrence zip = single(result, zipKey);
    assertEquals("release.zip!bundle/inner.zip!config/prod.env", zip.provenance().path());
    assertTrue(
        zip.provenance() instanceof Provenance.ArchiveMember m
            && m.root() instanceof Provenance.Git,
        zip.provenance()::toString);
    assertEquals(3, zip.line());
    Occurrence pdf = single(result, pdfKey);
    assertEquals("runbook.pdf", pdf.provenance().path());
    assertEquals(2, pdf.page());
    assertTrue(pdf.provenance() instanceof Provenance.Git);
    assertEquals(3, single(result, secretKey).line());
    assertEquals(1, single(result, notebookKey).cell());
  }
}
