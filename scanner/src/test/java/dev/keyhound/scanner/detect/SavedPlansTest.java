package dev.keyhound.scanner.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans of rules outside the built-in pack are kept between runs, and never trusted blindly. */
class SavedPlansTest {
  @TempDir Path cache;

  private static final Rule TOKEN =
      Rule.of("acme-token", "Acme token", "acme_[a-z0-9]{24}", List.of("acme_"));
  private static final Rule SECRET =
      Rule.of(
          "zeta-secret",
          "Zeta secret",
          "(?i)zeta.{0,20}secret\\s*[:=]\\s*['\"]?([A-Za-z0-9/+]{32})",
          List.of("zeta"));
  private static final Rule UNANCHORED =
      Rule.of("zz-key", "ZZ key", "[A-Z]{2}ZZ[0-9]{16}", List.of());

  private static final RuleSet RULES =
      new RuleSet("team", List.of(TOKEN, SECRET, UNANCHORED), List.of(), KeyFormat.ISSUER);

  private static final String TEXT =
      "x = 1\nacme_token = \"acme_0123456789abcdefghijklmn\"\nnothing here\n"
          + "AAZZ0123456789012345\n";

  private DetectorOptions options() {
    return DetectorOptions.DEFAULTS.withSavedPlans(cache);
  }

  @Test
  void secondRun_readsTheShapesAndTheTablesTheFirstBuilt_andFindsTheSame() throws IOException {
    List<Candidate> naive = new NaiveDetector(RULES, DetectorOptions.DEFAULTS).detect(TEXT);
    assertFalse(naive.isEmpty());

    FastDetector first = new FastDetector(RULES, options());
    assertEquals(naive, first.detect(TEXT));
    assertEquals(List.of(), files(), "nothing is written before the scan ends");
    first.scanEnded();
    Path file = onlyFile();

    SavedPlans saved = SavedPlans.open(cache, RULES.rules());
    assertNotNull(saved);
    assertEquals(file, saved.file());
    for (Rule r : RULES.rules()) {
      assertEquals(RulePlan.shapeOf(r), saved.cache().shapeFor(r), r.id());
    }
    assertTrue(saved.cache().holdsTablesFor(TOKEN), "triggered, so its DFAs were built");
    assertTrue(saved.cache().holdsTablesFor(UNANCHORED), "runs on every text");
    assertFalse(saved.cache().holdsTablesFor(SECRET), "never triggered: nothing built");

    FastDetector second = new FastDetector(RULES, options());
    assertEquals(first.describePlans(), second.describePlans());
    String more = TEXT + "zeta client secret = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345'\n";
    assertEquals(
        new NaiveDetector(RULES, DetectorOptions.DEFAULTS).detect(more), second.detect(more));
    long written = Files.getLastModifiedTime(file).toMillis();
    second.scanEnded();
    assertTrue(
        SavedPlans.open(cache, RULES.rules()).cache().holdsTablesFor(SECRET),
        "the tables built since are added");
    assertEquals(List.of(file), files());

    FastDetector third = new FastDetector(RULES, options());
    assertEquals(naive, third.detect(TEXT));
    byte[] before = Files.readAllBytes(file);
    third.scanEnded();
    assertTrue(
        Arrays.equals(before, Files.readAllBytes(file)), "nothing new: the file is left as it is");
    assertTrue(written <= Files.getLastModifiedTime(file).toMillis());
  }

  @Test
  void theSavedShape_isTheOneTheDetectorRuns() throws IOException {
    // A shape no analysis would decide for this rule: the naive path, saying where it came from.
    RulePlan.Shape planted =
        new RulePlan.Shape(
            RulePlan.Kind.NAIVE,
            false,
            0,
            RegexAutomata.UNBOUNDED,
            RegexAutomata.UNBOUNDED,
            List.of(),
            "planted in the saved file");
    Map<String, Integer> ids = new HashMap<>();
    RULES.rules().forEach(r -> r.keywords().forEach(k -> ids.putIfAbsent(k, ids.size())));
    List<RulePlan> plans = new ArrayList<>();
    for (Rule r : RULES.rules()) {
      RulePlan.Shape shape = r == TOKEN ? planted : RulePlan.shapeOf(r);
      plans.add(RulePlan.of(r, shape, ids, 64));
    }
    Path file = SavedPlans.open(cache, RULES.rules()).file();
    try (OutputStream out = Files.newOutputStream(file)) {
      PlanCache.ofPlans(plans, PlanCache.EMPTY).writeFile(out);
    }
    FastDetector fast = new FastDetector(RULES, options());
    assertEquals("NAIVE planted in the saved file", fast.describePlans().get("acme-token"));
    assertEquals(
        new NaiveDetector(RULES, DetectorOptions.DEFAULTS).detect(TEXT), fast.detect(TEXT));
  }

  @Test
  void builtInRules_areNotSaved() throws IOException {
    RuleSet builtin = RuleLoader.builtin();
    FastDetector fast = new FastDetector(builtin, options());
    fast.detect(TEXT);
    fast.scanEnded();
    assertEquals(List.of(), files(), "the jar holds their plans");
  }

  @Test
  void anEditedRule_readsNothingSaved() throws IOException {
    FastDetector first = new FastDetector(RULES, options());
    first.detect(TEXT);
    first.scanEnded();
    Rule edited = Rule.of("acme-token", "Acme token", "acme_[a-z0-9]{32}", List.of("acme_"));
    List<Rule> editedRules = List.of(edited, SECRET, UNANCHORED);
    assertNotEquals(
        SavedPlans.digest(SavedPlans.build(), RULES.rules()),
        SavedPlans.digest(SavedPlans.build(), editedRules));
    SavedPlans other = SavedPlans.open(cache, editedRules);
    assertNull(other.cache().shapeFor(edited));
    assertNull(other.cache().shapeFor(SECRET), "a file per set of rules");
  }

  @Test
  void aDamagedFile_isIgnoredAndReplaced() throws IOException {
    FastDetector first = new FastDetector(RULES, options());
    first.detect(TEXT);
    first.scanEnded();
    Path file = onlyFile();
    byte[] bytes = Files.readAllBytes(file);
    // A flipped bit in the tables (past the shapes): they must not be read as other tables.
    bytes[bytes.length - 20] ^= 0x04;
    Files.write(file, bytes);
    SavedPlans damaged = SavedPlans.open(cache, RULES.rules());
    assertNotNull(damaged.cache().shapeFor(TOKEN), "the shapes are intact");
    assertFalse(damaged.cache().holdsTablesFor(TOKEN));

    Files.write(file, new byte[] {1, 2, 3});
    FastDetector second = new FastDetector(RULES, options());
    assertEquals(
        new NaiveDetector(RULES, DetectorOptions.DEFAULTS).detect(TEXT), second.detect(TEXT));
    second.scanEnded();
    assertTrue(SavedPlans.open(cache, RULES.rules()).cache().holdsTablesFor(TOKEN), "replaced");
  }

  @Test
  void aFolderThatCannotBeWritten_costsNothingButTime() throws IOException {
    Path notAFolder = cache.resolve("file");
    Files.writeString(notAFolder, "x");
    FastDetector fast =
        new FastDetector(
            RULES, DetectorOptions.DEFAULTS.withSavedPlans(notAFolder.resolve("plans")));
    assertEquals(
        new NaiveDetector(RULES, DetectorOptions.DEFAULTS).detect(TEXT), fast.detect(TEXT));
    fast.scanEnded();
    assertEquals(List.of(notAFolder), files());
  }

  @Test
  void olderFiles_arePruned_keepingTheMostRecentlyWritten() throws IOException {
    for (int i = 0; i < 5; i++) {
      Path f = Files.writeString(cache.resolve("plans-old" + i + ".bin"), "x");
      Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    Path staleAside = Files.writeString(cache.resolve("plans-123.tmp"), "x");
    Files.setLastModifiedTime(staleAside, FileTime.fromMillis(1_000L));
    Path freshAside = Files.writeString(cache.resolve("plans-456.tmp"), "x");
    Path other = Files.writeString(cache.resolve("notes.txt"), "not ours");

    SavedPlans.prune(cache, 3);

    assertEquals(
        List.of(
            other,
            freshAside,
            cache.resolve("plans-old2.bin"),
            cache.resolve("plans-old3.bin"),
            cache.resolve("plans-old4.bin")),
        files());
  }

  @Test
  void aSave_prunesTheFolder() throws IOException {
    for (int i = 0; i < SavedPlans.KEPT_FILES + 2; i++) {
      Path f = Files.writeString(cache.resolve("plans-old" + i + ".bin"), "x");
      Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000L * (i + 1)));
    }
    FastDetector fast = new FastDetector(RULES, options());
    fast.detect(TEXT);
    fast.scanEnded();
    List<Path> left = files();
    assertEquals(SavedPlans.KEPT_FILES, left.size(), left.toString());
    assertTrue(left.contains(SavedPlans.open(cache, RULES.rules()).file()), "the new one stays");
    assertFalse(left.contains(cache.resolve("plans-old0.bin")), "the oldest goes");
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.sorted().toList();
    }
  }

  private Path onlyFile() throws IOException {
    List<Path> f = files();
    assertEquals(1, f.size(), f.toString());
    assertTrue(f.get(0).getFileName().toString().matches("plans-[0-9a-f]{32}\\.bin"), f.toString());
    return f.get(0);
  }
}
