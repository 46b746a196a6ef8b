package dev.keyhound.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule file as read, before extension is resolved.
 *
 * @param targeted global allowlists with {@code targetRules}, by rule id; they join those rules'
 *     allowlists
 * @param issuerFormat the {@code [issuer.format]} it declares, or null
 * @param extendPath {@code [extend] path}, or null
 */
record ConfigFile(
    String source,
    List<RuleSpec> rules,
    List<Allowlist> allowlists,
    Map<String, List<Allowlist>> targeted,
    boolean useDefault,
    String extendPath,
    Set<String> disabledRules,
    KeyFormat issuerFormat) {

  ConfigFile {
    rules = List.copyOf(rules);
    allowlists = List.copyOf(allowlists);
    targeted = Map.copyOf(targeted);
    disabledRules = Set.copyOf(disabledRules);
  }
}
