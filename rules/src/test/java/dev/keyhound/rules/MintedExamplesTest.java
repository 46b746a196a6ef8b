package dev.keyhound.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MintedExamplesTest {
  @Test
  void issuerRule_mintsItsExamplesWhenFirstRead_nearMissesOfTheSameKeys() {
    MintedExamples minted = new MintedExamples(KeyFormat.ISSUER);
    Rule rule =
        new Rule(
            "r",
            "",
            LazyPattern.deferred(KeyFormat.ISSUER.regex(), 0, 1),
            1,
            0,
            KeyFormat.ISSUER.keywords(),
            null,
            List.of(),
            List.of(),
            minted.examples(),
            minted.negatives(),
            KeyFormat.ISSUER);
    assertFalse(minted.isMinted(), "building the rule minted its examples");
    assertSame(minted.examples(), rule.examples(), "the rule copied (and so minted) them");

    List<String> examples = rule.examples();

    // One key per prefix, then the published test vector.
    assertEquals(3, examples.size());
    assertTrue(minted.isMinted());
    assertEquals("issuer.key = \"" + IssuerRule.TEST_VECTOR + "\"", examples.get(2));
    List<String> negatives = rule.negativeExamples();
    assertEquals(4, negatives.size());
    for (int i = 0; i < 2; i++) {
      String key = examples.get(i).substring("API_KEY=".length());
      assertEquals(KeyFormat.Validity.VALID, KeyFormat.ISSUER.check(key));
      assertTrue(key.startsWith(KeyFormat.ISSUER.prefixes().get(i)), key);
      String shorter = "API_KEY=" + key.substring(0, key.length() - 1);
      String corrupted = negatives.get(2 * i + 1).substring("api_key: ".length());
      assertEquals(shorter, negatives.get(2 * i));
      assertEquals(KeyFormat.Validity.BAD_CHECKSUM, KeyFormat.ISSUER.check(corrupted));
      assertEquals(key.substring(0, key.length() - 1), corrupted.substring(0, key.length() - 1));
    }
    assertEquals(examples, rule.examples(), "minted once");
    assertThrows(UnsupportedOperationException.class, () -> rule.examples().add("x"));
    assertEquals(List.copyOf(examples), examples);
    assertEquals(List.copyOf(examples).hashCode(), examples.hashCode());
  }

  @Test
  void aFormatWithoutChecksum_hasOnlyShortenedNearMisses() {
    KeyFormat plain = new KeyFormat("issuer", List.of("ak_"), 20, KeyFormat.Checksum.NONE);
    MintedExamples minted = new MintedExamples(plain);
    assertEquals(1, minted.examples().size());
    assertEquals(1, minted.negatives().size());
    assertTrue(minted.examples().get(0).startsWith("API_KEY=ak_"));
  }

  @Test
  void filterSets_areSharedPerCombination_unmodifiableAndInEnumOrder() {
    Set<MatchFilter> a =
        MatchFilter.unmodifiableSetOf(Set.of(MatchFilter.EXPIRED, MatchFilter.IDENTIFIERS));
    Set<MatchFilter> b =
        MatchFilter.unmodifiableSetOf(EnumSet.of(MatchFilter.IDENTIFIERS, MatchFilter.EXPIRED));
    assertSame(a, b);
    assertEquals(EnumSet.of(MatchFilter.IDENTIFIERS, MatchFilter.EXPIRED), a);
    assertEquals(List.of(MatchFilter.IDENTIFIERS, MatchFilter.EXPIRED), List.copyOf(a));
    assertThrows(UnsupportedOperationException.class, () -> a.add(MatchFilter.PLACEHOLDERS));
    assertEquals(Set.of(), MatchFilter.unmodifiableSetOf(Set.of()));
    assertEquals(
        EnumSet.allOf(MatchFilter.class),
        MatchFilter.unmodifiableSetOf(MatchFilter.BUILTIN_DEFAULT));
  }
}
