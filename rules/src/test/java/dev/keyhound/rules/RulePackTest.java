package dev.keyhound.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackTest {

  /** The built-in rules as loaded are the rules its TOML gives when parsed. */
  private static void assertBuiltinIsItsTomlParsed() throws Exception {
    RuleSet fromToml =
        RuleLoader.parse(
            new String(resource(RuleLoader.BUILTIN_RESOURCE), StandardCharsets.UTF_8),
            RuleLoader.BUILTIN_SOURCE);
    assertEquals(describe(fromToml), describe(RuleLoader.builtin()));
  }

  @Test
  void builtin_loadsTheSameRulesAsParsingItsToml() throws Exception {
    assertBuiltinIsItsTomlParsed();
  }

  @Test
  void build_writesAPackMatchingTheBuiltinToml() throws Exception {
    byte[] pack = resource(RuleLoader.COMPILED_RESOURCE);
    long crc = RulePack.crcOf(resource(RuleLoader.BUILTIN_RESOURCE));
    assertNotNull(
        RulePack.read(new DataInputStream(new ByteArrayInputStream(pack)), crc),
        "builtin.pack is missing from the classes or was compiled from other TOML");
  }

  @Test
  void pack_roundTripsGitleaksOwnRuleFile() throws Exception {
    byte[] toml = Files.readAllBytes(CompatFiles.gitleaksToml());
    ConfigFile read = ConfigReader.read(new String(toml, StandardCharsets.UTF_8), "gitleaks.toml");
    ConfigFile back = roundTrip(read, RulePack.crcOf(toml), RulePack.crcOf(toml));
    assertEquals(describe(read), describe(back));
  }

  @Test
  void pack_keepsRegexFlags() throws Exception {
    RuleSpec spec =
        new RuleSpec(
            "f",
            "r",
            "",
            LazyPattern.of(Pattern.compile("(?i)abc", Pattern.DOTALL)),
            0,
            0,
            List.of(),
            null,
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            null);
    ConfigFile one =
        new ConfigFile(
            "f",
            List.of(spec),
            List.of(),
            java.util.Map.of(),
            false,
            null,
            java.util.Set.of(),
            KeyFormat.ISSUER);
    ConfigFile back = roundTrip(one, 7, 7);
    assertEquals(Pattern.DOTALL, back.rules().get(0).regex().flags());
    assertEquals(describe(one), describe(back));
  }

  @Test
  void builtinPack_compilesNoRegexUntilARuleIsUsed() throws Exception {
    List<Rule> rules = builtinRules();
    assertTrue(
        rules.stream().filter(Rule::hasRegex).noneMatch(r -> r.pattern().isCompiled()),
        "reading the pack compiled rule regexes");
    Rule aws = rules.stream().filter(r -> r.id().equals("aws-access-key-id")).findFirst().get();
    assertTrue(aws.regex().matcher("key = AKIAQWERTYUIOPASDFG2").find());
    assertTrue(aws.pattern().isCompiled());
  }

  @Test
  void builtinPack_compilesNoPathRegexUntilOneIsAskedOfANonAsciiPath() throws Exception {
    List<Rule> withPath = builtinRules().stream().filter(Rule::hasPath).toList();
    assertTrue(withPath.size() >= 3, "rules with a path: " + withPath.size());
    for (Rule r : withPath) {
      assertFalse(r.pathPattern().isCompiled(), r.id());
      for (String path : List.of("src/a.py", "x/y/z.php", "infra/main.tf", "certs/client.p12")) {
        assertEquals(r.path().matcher(path).find(), fresh(r).pathFinds(path), r.id() + " " + path);
      }
    }
    Rule p12 = fresh(withPath.stream().filter(r -> r.id().equals("pkcs12-file")).findFirst().get());
    assertTrue(p12.pathFinds("certs/client.p12"));
    assertFalse(p12.pathFinds("certs/client.p12.txt"));
    assertFalse(p12.pathPattern().isCompiled(), "a plain path is answered without the regex");
    assertTrue(p12.pathFinds("certs/caf\u00e9.p12"));
    assertTrue(p12.pathPattern().isCompiled());
  }

  /** The built-in pack's rules, as a run reads them from the compiled pack. */
  private static List<Rule> builtinRules() throws IOException, RuleException {
    ConfigFile pack =
        RulePack.read(
            new DataInputStream(new ByteArrayInputStream(resource(RuleLoader.COMPILED_RESOURCE))),
            RulePack.crcOf(resource(RuleLoader.BUILTIN_RESOURCE)));
    List<Rule> rules = new java.util.ArrayList<>();
    for (RuleSpec spec : pack.rules()) {
      rules.add(spec.toRule(KeyFormat.ISSUER));
    }
    return rules;
  }

  /** The rule with its path regex not compiled yet, as the pack gives it. */
  private static Rule fresh(Rule r) {
    LazyPattern p = r.pathPattern();
    return r.withPathPattern(LazyPattern.deferred(p.source(), p.flags(), p.groupCount()));
  }

  @Test
  void pack_keepsPathFlagsAndEachRulesFilters() throws Exception {
    List<RuleSpec> specs = new java.util.ArrayList<>();
    List<java.util.Set<MatchFilter>> filters = new java.util.ArrayList<>();
    filters.add(null);
    filters.add(java.util.Set.of());
    filters.add(java.util.EnumSet.of(MatchFilter.IDENTIFIERS, MatchFilter.EXPIRED));
    filters.add(java.util.EnumSet.of(MatchFilter.PUBLIC_EXAMPLES));
    filters.add(java.util.EnumSet.allOf(MatchFilter.class));
    for (int i = 0; i < filters.size(); i++) {
      specs.add(
          new RuleSpec(
              "f",
              "r" + i,
              "",
              LazyPattern.of(Pattern.compile("abc" + i)),
              0,
              0,
              List.of(),
              LazyPattern.of(Pattern.compile("\\.p" + i + "$", Pattern.CASE_INSENSITIVE)),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              null,
              filters.get(i)));
    }
    ConfigFile one =
        new ConfigFile(
            "f",
            specs,
            List.of(),
            java.util.Map.of(),
            false,
            null,
            java.util.Set.of(),
            KeyFormat.ISSUER);
    ConfigFile back = roundTrip(one, 7, 7);
    for (int i = 0; i < filters.size(); i++) {
      RuleSpec r = back.rules().get(i);
      assertEquals(filters.get(i), r.filters(), r.id());
      assertFalse(r.path().isCompiled(), r.id());
      assertEquals(Pattern.CASE_INSENSITIVE, r.path().flags());
      assertTrue(r.path().finds("X.P" + i), r.id());
      assertTrue(r.path().isCompiled(), "a flag leaves the answer to the regex");
    }
    assertEquals(describe(one), describe(back));
  }

  @Test
  void pack_writtenWithOtherFilters_isStale() throws Exception {
    ConfigFile one =
        new ConfigFile(
            "f",
            List.of(),
            List.of(),
            java.util.Map.of(),
            false,
            null,
            java.util.Set.of(),
            KeyFormat.ISSUER);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(written)) {
      RulePack.write(one, 5, out);
    }
    byte[] pack = written.toByteArray();
    // The header: version, CRC, then the filter keys in enum order; the same keys in another order
    // make the bits of every rule mean other filters.
    List<String> keys = new java.util.ArrayList<>();
    for (MatchFilter f : MatchFilter.values()) {
      keys.add(f.key());
    }
    int header = 4 + 8 + 4;
    for (String k : keys) {
      header += 4 + k.getBytes(StandardCharsets.UTF_8).length;
    }
    java.util.Collections.reverse(keys);
    ByteArrayOutputStream other = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(other)) {
      out.write(pack, 0, 12);
      out.writeInt(keys.size());
      for (String k : keys) {
        byte[] b = k.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
      }
      out.write(pack, header, pack.length - header);
    }
    assertEquals(describe(one), describe(RulePack.read(pack, 5)));
    assertNull(RulePack.read(other.toByteArray(), 5));
  }

  @Test
  void builtinPack_compilesNoAllowlistRegexUntilOneIsRead() throws Exception {
    ConfigFile pack =
        RulePack.read(
            new DataInputStream(new ByteArrayInputStream(resource(RuleLoader.COMPILED_RESOURCE))),
            RulePack.crcOf(resource(RuleLoader.BUILTIN_RESOURCE)));
    List<Allowlist> lists = new java.util.ArrayList<>(pack.allowlists());
    pack.targeted().values().forEach(lists::addAll);
    pack.rules().forEach(r -> lists.addAll(r.allowlists()));
    List<DeferredPatterns> deferred = new java.util.ArrayList<>();
    for (Allowlist a : lists) {
      for (List<Pattern> ps : List.of(a.regexes(), a.paths())) {
        if (ps instanceof DeferredPatterns d) {
          deferred.add(d);
        } else {
          assertTrue(ps.isEmpty(), "an allowlist of the built-in pack was compiled: " + ps);
        }
      }
    }
    assertTrue(deferred.size() >= 10, "allowlists with regexes: " + deferred.size());
    DeferredPatterns first = deferred.get(deferred.size() - 1);
    assertEquals(0, first.compiledCount());

    Pattern read = first.get(0);

    assertEquals(1, first.compiledCount());
    assertTrue(read == first.get(0), "compiled once, then kept");
    assertBuiltinIsItsTomlParsed();
  }

  @Test
  void deferredPatterns_keepFlagsAndActAsAList() {
    List<Pattern> ps =
        DeferredPatterns.of(List.of("(?:a|b)c", "x.y"), new int[] {0, Pattern.CASE_INSENSITIVE});
    assertEquals(
        List.of(Pattern.compile("(?:a|b)c"), Pattern.compile("x.y", Pattern.CASE_INSENSITIVE)), ps);
    assertTrue(ps.get(1).matcher("X-Y").find());
    assertTrue(ps == DeferredPatterns.copyOf(ps), "a deferred list is not copied (nor compiled)");
    assertEquals(List.of(), DeferredPatterns.of(List.of(), new int[0]));
    org.junit.jupiter.api.Assertions.assertThrows(
        UnsupportedOperationException.class, () -> ps.add(Pattern.compile("z")));
    org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> ps.get(2));
  }

  @Test
  void issuerRule_defaultFormatCompilesOnFirstUse_aFilesOwnFormatAtOnce() throws Exception {
    Rule builtin = RuleLoader.builtin().rule(RuleSet.ISSUER_RULE_ID);
    Rule fresh = IssuerRule.of(KeyFormat.ISSUER, List.of());
    assertFalse(fresh.pattern().isCompiled());
    assertEquals(
        Pattern.compile(KeyFormat.ISSUER.regex()).groupCount(), fresh.pattern().groupCount());
    assertTrue(fresh.regex().matcher("k=" + IssuerRule.TEST_VECTOR).find());
    assertEquals(builtin.pattern(), fresh.pattern());
    KeyFormat own = new KeyFormat("issuer", List.of("ak(.)_"), 20, KeyFormat.Checksum.NONE);
    assertTrue(IssuerRule.of(own, List.of()).pattern().isCompiled());
  }

  @Test
  void fromJar_readsTheCompiledPackBesideItsToml(@TempDir Path dir) throws Exception {
    byte[] toml = resource(RuleLoader.BUILTIN_RESOURCE);
    Path jar = jar(dir.resolve("rules.jar"), toml, resource(RuleLoader.COMPILED_RESOURCE));

    ConfigFile read = RuleLoader.fromJar(jar.toFile());

    ConfigFile fromToml =
        ConfigReader.read(new String(toml, StandardCharsets.UTF_8), RuleLoader.BUILTIN_SOURCE);
    assertEquals(describe(fromToml), describe(read));
  }

  @Test
  void fromJar_parsesTheTomlForAStalePackOrAJarWithoutOne_andIsNullWithoutAToml(@TempDir Path dir)
      throws Exception {
    byte[] toml = resource(RuleLoader.BUILTIN_RESOURCE);
    String text = new String(toml, StandardCharsets.UTF_8);
    String editedText = text + "\n[[rules]]\nid = \"edited\"\nregex = \"edited-[0-9]{8}\"\n";
    byte[] edited = editedText.getBytes(StandardCharsets.UTF_8);
    byte[] pack = resource(RuleLoader.COMPILED_RESOURCE);

    ConfigFile stale = RuleLoader.fromJar(jar(dir.resolve("stale.jar"), edited, pack).toFile());
    ConfigFile noPack = RuleLoader.fromJar(jar(dir.resolve("no-pack.jar"), toml, null).toFile());

    assertEquals(
        describe(ConfigReader.read(editedText, RuleLoader.BUILTIN_SOURCE)), describe(stale));
    assertTrue(stale.rules().stream().anyMatch(r -> r.id().equals("edited")));
    assertEquals(describe(ConfigReader.read(text, RuleLoader.BUILTIN_SOURCE)), describe(noPack));
    assertNull(RuleLoader.fromJar(jar(dir.resolve("no-toml.jar"), null, pack).toFile()));
  }

  /** A jar holding the given TOML and pack bytes as the built-in resources (null: left out). */
  private static Path jar(Path file, byte[] toml, byte[] pack) throws IOException {
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
      if (toml != null) {
        out.putNextEntry(new JarEntry(RuleLoader.BUILTIN_RESOURCE.substring(1)));
        out.write(toml);
        out.closeEntry();
      }
      if (pack != null) {
        out.putNextEntry(new JarEntry(RuleLoader.COMPILED_RESOURCE.substring(1)));
        out.write(pack);
        out.closeEntry();
      }
    }
    return file;
  }

  @Test
  void pack_keepsGroupCountsWithoutCompiling() throws Exception {
    byte[] toml = Files.readAllBytes(CompatFiles.gitleaksToml());
    ConfigFile read = ConfigReader.read(new String(toml, StandardCharsets.UTF_8), "gitleaks.toml");
    ConfigFile back = roundTrip(read, 1, 1);
    for (int i = 0; i < read.rules().size(); i++) {
      LazyPattern before = read.rules().get(i).regex();
      LazyPattern after = back.rules().get(i).regex();
      if (before != null) {
        assertFalse(after.isCompiled(), after.source());
        assertEquals(before.get().groupCount(), after.groupCount(), after.source());
        assertEquals(before.get().groupCount(), after.get().groupCount(), after.source());
      }
    }
  }

  @Test
  void stalePack_isIgnored() throws Exception {
    ConfigFile one =
        new ConfigFile(
            "f",
            List.of(),
            List.of(),
            java.util.Map.of(),
            true,
            "base.toml",
            java.util.Set.of("x"),
            null);
    assertNull(roundTrip(one, 1, 2));
  }

  private static ConfigFile roundTrip(ConfigFile c, long writtenCrc, long expectedCrc)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      RulePack.write(c, writtenCrc, out);
    }
    return RulePack.read(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), expectedCrc);
  }

  /**
   * Records print every component; re2j patterns print their source, so flags are added by hand.
   * The issuer rule's examples and negative examples are freshly minted keys, different on every
   * load, so they are left out.
   */
  private static String describe(Object value) {
    StringBuilder flags = new StringBuilder();
    if (value instanceof RuleSet rs) {
      rs.rules().forEach(r -> flags.append(r.regex() == null ? -1 : r.regex().flags()).append(','));
      value =
          new RuleSet(
              rs.source(),
              rs.rules().stream().map(RulePackTest::withoutMintedExamples).toList(),
              rs.allowlists(),
              rs.issuerFormat());
    } else if (value instanceof ConfigFile cf) {
      cf.rules().forEach(r -> flags.append(r.regex() == null ? -1 : r.regex().flags()).append(','));
    }
    return value + "\nflags " + flags;
  }

  private static Rule withoutMintedExamples(Rule r) {
    return !r.id().equals(RuleSet.ISSUER_RULE_ID)
        ? r
        : new Rule(
            r.id(),
            r.description(),
            r.pattern(),
            r.secretGroup(),
            r.entropy(),
            r.keywords(),
            r.pathPattern(),
            r.tags(),
            r.allowlists(),
            List.of(),
            List.of(),
            r.checksumFormat(),
            r.filters());
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = RulePackTest.class.getResourceAsStream(name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }
}
