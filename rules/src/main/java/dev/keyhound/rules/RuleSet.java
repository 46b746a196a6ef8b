package dev.keyhound.rules;

import java.util.List;
import java.util.Objects;

/**
 * A loaded rule configuration: the rules in order, the global allowlists, and the issuer's key
 * format (whose rule, {@link #ISSUER_RULE_ID}, is always first unless disabled).
 *
 * @param source where it was loaded from, for messages ("built-in" for the bundled pack)
 */
public record RuleSet(
    String source, List<Rule> rules, List<Allowlist> allowlists, KeyFormat issuerFormat) {

  /** The id of the rule generated from the issuer's key format. */
  public static final String ISSUER_RULE_ID = "keyhound-issuer-key";

  public RuleSet {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(issuerFormat, "issuerFormat");
    rules = List.copyOf(rules);
    allowlists = List.copyOf(allowlists);
  }

  /** The rule with this id, or null. */
  public Rule rule(String id) {
    for (Rule r : rules) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }
}
