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
import java.util.List;
import org.junit.jupiter.api.Test;

class RulePackTest {

  @Test
  void builtin_loadsTheSameRulesAsParsingItsToml() throws Exception {
    RuleSet fromToml =
        RuleLoader.parse(
            new String(resource(RuleLoader.BUILTIN_RESOURCE), StandardCharsets.UTF_8),
            RuleLoader.BUILTIN_SOURCE);
    assertEquals(describe(fromToml), describe(RuleLoader.builtin()));
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
    ConfigFile pack =
        RulePack.read(
            new DataInputStream(new ByteArrayInputStream(resource(RuleLoader.COMPILED_RESOURCE))),
            RulePack.crcOf(resource(RuleLoader.BUILTIN_RESOURCE)));
    List<Rule> rules = new java.util.ArrayList<>();
    for (RuleSpec spec : pack.rules()) {
      rules.add(spec.toRule(KeyFormat.ISSUER));
    }
    assertTrue(
        rules.stream().filter(Rule::hasRegex).noneMatch(r -> r.pattern().isCompiled()),
        "reading the pack compiled rule regexes");
    Rule aws = rules.stream().filter(r -> r.id().equals("aws-access-key-id")).findFirst().get();
    assertTrue(aws.regex().matcher("key = AKIAQWERTYUIOPASDFG2").find());
    assertTrue(aws.pattern().isCompiled());
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
            r.path(),
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
