package dev.keyhound.rules;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.SplittableRandom;

/**
 * The issuer rule's examples (one freshly minted key per prefix, and the published test vector
 * where the format takes it) and its near misses (each key one character short and, with a
 * checksum, with its last character changed), minted when either list is first read: loading the
 * rules, which a pre-commit check of a clean change waits for, reads neither (minting was ~1 ms of
 * it, in the interpreter). Both lists come from the same keys. Immutable, like the {@code
 * List.copyOf} it stands in for.
 */
final class MintedExamples {
  private final KeyFormat format;
  private volatile List<List<String>> minted;

  /** The examples, then the negative examples. */
  private final List<String> examples = new View(0);

  private final List<String> negatives = new View(1);

  MintedExamples(KeyFormat format) {
    this.format = format;
  }

  List<String> examples() {
    return examples;
  }

  List<String> negatives() {
    return negatives;
  }

  /** Whether the keys are minted yet (for tests). */
  boolean isMinted() {
    return minted != null;
  }

  /** The list as an immutable list: a minted list as it is (copying would mint it), else a copy. */
  static List<String> copyOf(List<String> list) {
    return list instanceof View ? list : List.copyOf(list);
  }

  private List<List<String>> minted() {
    List<List<String>> m = minted;
    if (m == null) {
      synchronized (this) {
        m = minted;
        if (m == null) {
          m = mint();
          minted = m;
        }
      }
    }
    return m;
  }

  private List<List<String>> mint() {
    List<String> examples = new ArrayList<>();
    List<String> negatives = new ArrayList<>();
    SplittableRandom random = new SplittableRandom();
    for (String prefix : format.prefixes()) {
      String key = format.mint(prefix, random);
      examples.add("API_KEY=" + key);
      // One character short: the shape is exact, so a near miss must not match.
      negatives.add("API_KEY=" + key.substring(0, key.length() - 1));
      if (format.checksum() == KeyFormat.Checksum.CRC32_BASE62) {
        negatives.add("api_key: " + corruptLast(key));
      }
    }
    if (format.hasShape(IssuerRule.TEST_VECTOR)
        && format.check(IssuerRule.TEST_VECTOR) == KeyFormat.Validity.VALID) {
      examples.add("issuer.key = \"" + IssuerRule.TEST_VECTOR + "\"");
    }
    return List.of(List.copyOf(examples), List.copyOf(negatives));
  }

  private static String corruptLast(String key) {
    char last = key.charAt(key.length() - 1);
    char other = last == '0' ? '1' : '0';
    return key.substring(0, key.length() - 1) + other;
  }

  /** One of the two lists. */
  private final class View extends AbstractList<String> implements RandomAccess {
    private final int which;

    View(int which) {
      this.which = which;
    }

    @Override
    public String get(int index) {
      return minted().get(which).get(index);
    }

    @Override
    public int size() {
      return minted().get(which).size();
    }
  }
}
