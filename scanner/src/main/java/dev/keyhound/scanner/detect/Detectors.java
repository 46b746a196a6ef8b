package dev.keyhound.scanner.detect;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.PhaseTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Factory and shared helpers for detectors. */
public final class Detectors {
  private Detectors() {}

  /**
   * The detector keyhound scans with: the fast one, tested to give exactly the naive detector's
   * results.
   */
  public static Detector create(RuleSet rules, DetectorOptions options) {
    return create(rules, options, Long.MAX_VALUE);
  }

  /**
   * The detector for a scan of about {@code expectedChars} of text. The fast detector's automata
   * cost about half a second of CPU to set up, which a pre-commit check of a few kilobytes would
   * pay in full, so small inputs get the naive detector (same candidates, no set-up). {@code
   * -Dkeyhound.detector=naive|fast} pins one.
   */
  public static Detector create(RuleSet rules, DetectorOptions options, long expectedChars) {
    String pinned = System.getProperty("keyhound.detector", "");
    boolean fast =
        pinned.equals("fast") || (!pinned.equals("naive") && expectedChars > SMALL_INPUT_CHARS);
    Detector d = fast ? new FastDetector(rules, options) : new NaiveDetector(rules, options);
    PhaseTrace.mark((fast ? "fast" : "naive") + " detector built");
    return d;
  }

  /**
   * The fast detector, built on a thread of its own while the caller goes on (reading a
   * repository's history, say); the first detection waits for it. Same results as {@link
   * #create(RuleSet, DetectorOptions)}.
   */
  public static Detector createInBackground(RuleSet rules, DetectorOptions options) {
    return new BackgroundDetector(() -> create(rules, options));
  }

  /** Below this much text the naive detector finishes before the fast one would be built. */
  public static final long SMALL_INPUT_CHARS = 256L << 10;

  /**
   * The checksummed formats in a rule set: the issuer's (when it has a checksum) and those rules
   * name.
   */
  static List<KeyFormat> checksummedFormats(RuleSet ruleSet) {
    LinkedHashSet<KeyFormat> formats = new LinkedHashSet<>();
    if (ruleSet.issuerFormat().checksum() == KeyFormat.Checksum.CRC32_BASE62
        && ruleSet.rule(RuleSet.ISSUER_RULE_ID) != null) {
      formats.add(ruleSet.issuerFormat());
    }
    for (Rule r : ruleSet.rules()) {
      if (r.checksumFormat() != null
          && r.checksumFormat().checksum() == KeyFormat.Checksum.CRC32_BASE62) {
        formats.add(r.checksumFormat());
      }
    }
    return new ArrayList<>(formats);
  }

  /** Candidates by start offset, then by the rule's position in the rule set. */
  static Comparator<Candidate> order(List<Rule> rules) {
    Map<String, Integer> pos = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      pos.putIfAbsent(rules.get(i).id(), i);
    }
    // Written out: the JDK's comparing/thenComparing spin their lambdas' classes on every start.
    return new Comparator<>() {
      @Override
      public int compare(Candidate a, Candidate b) {
        int c = Integer.compare(a.start(), b.start());
        if (c == 0) {
          c =
              Integer.compare(
                  pos.getOrDefault(a.rule().id(), Integer.MAX_VALUE),
                  pos.getOrDefault(b.rule().id(), Integer.MAX_VALUE));
        }
        return c != 0 ? c : Integer.compare(a.end(), b.end());
      }
    };
  }
}
