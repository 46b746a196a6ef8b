package dev.keyhound.scanner.extract;

import static dev.keyhound.scanner.extract.ExtractionScans.newKey;
import static dev.keyhound.scanner.extract.ExtractionScans.scan;
import static dev.keyhound.scanner.extract.ExtractionScans.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.ScanResult;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodedAndNotebookTest {
  @TempDir Path dir;

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void scan_findsBase64KeyInKubernetesSecret_atTheEncodedValue() throws IOException {
    String key = newKey();
    Files.writeString(
        dir.resolve("secret.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing\n"
            + "type: Opaque\ndata:\n  username: "
            + b64("billing-service")
            + "\n  api-key: "
            + b64(key)
            + "\n");

    Occurrence o = single(scan(dir), key);

    assertEquals("secret.yaml", o.provenance().path());
    assertEquals(8, o.line());
    assertEquals(12, o.column());
  }

  @Test
  void scan_findsBase64UrlEncodedKey() throws IOException {
    String key = newKey();
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("{\"k\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("token.txt"), "token=" + encoded + "\n");

    Occurrence o = single(scan(dir), key);

    assertEquals(1, o.line());
    assertEquals(7, o.column());
  }

  @Test
  void scan_findsKeyEncodedTwice_withinTheDefaultDecodeDepth() throws IOException {
    String key = newKey();
    Files.writeString(dir.resolve("double.txt"), "x\nvalue: " + b64("inner: " + b64(key)) + "\n");

    Occurrence o = single(scan(dir), key);

    assertEquals(2, o.line());
    assertEquals(8, o.column());
  }

  @Test
  void scan_doesNotDecodeDeeperThanMaxDecodeDepth() throws IOException {
    String key = newKey();
    Files.writeString(dir.resolve("triple.txt"), "value: " + b64(b64(b64(key))) + "\n");

    ScanResult result = scan(dir);

    assertTrue(result.findings().isEmpty(), () -> result.findings().toString());
  }

  @Test
  void scan_findsPercentEncodedKeyInUrl() throws IOException {
    String key = newKey();
    String url =
        "https://api.example.com/v1?note="
            + URLEncoder.encode("key=" + key + " & more", StandardCharsets.UTF_8)
                .replace("_", "%5F");
    Files.writeString(dir.resolve("links.md"), "# Links\n\n- " + url + "\n");

    Occurrence o = single(scan(dir), key);

    assertEquals(3, o.line());
    assertEquals(3, o.column());
  }

  @Test
  void scan_findsKeyInNotebookOutputCell_withCellIndexAndLineInCell() throws IOException {
    String key = newKey();
    String notebook =
        """
        {
         "cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# Billing\\n", "Loads the key."]},
          {"cell_type": "code", "execution_count": 1, "metadata": {},
           "source": ["import os\\n", "print(load_key())"],
           "outputs": [{"name": "stdout", "output_type": "stream",
                        "text": ["loaded\\n", "key=\\"%s\\"\\n"]}]}
         ],
         "metadata": {"kernelspec": {"name": "python3"}},
         "nbformat": 4, "nbformat_minor": 5
        }
        """
            .formatted(key);
    Files.writeString(dir.resolve("billing.ipynb"), notebook);

    Occurrence o = single(scan(dir), key);

    assertEquals("billing.ipynb", o.provenance().path());
    assertEquals(2, o.cell());
    assertEquals(4, o.line());
    assertEquals(6, o.column());
    assertNull(o.page());
  }

  @Test
  void scan_readsBrokenNotebookAsPlainText() throws IOException {
    String key = newKey();
    Files.writeString(dir.resolve("broken.ipynb"), "{\"cells\": [ {\"source\": \"" + key + "\"\n");

    Occurrence o = single(scan(dir), key);

    assertNull(o.cell());
    assertEquals(1, o.line());
  }
}
