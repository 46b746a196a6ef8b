package dev.keyhound.scanner.detect;

import dev.keyhound.rules.Rule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each rule's {@link SecretShape} and {@link Specificity}, worked out from its regex the first time
 * a candidate of that rule needs them (candidates are rare, and a pre-commit check should not parse
 * ninety regexes it may never need). Keyed by rule id, so one instance serves one rule set.
 */
final class RuleShapes {
  private record Entry(SecretShape shape, Specificity specificity) {}

  private final Map<String, Entry> byId = new ConcurrentHashMap<>();

  SecretShape shape(Rule rule) {
    return entry(rule).shape;
  }

  Specificity specificity(Rule rule) {
    return entry(rule).specificity;
  }

  private Entry entry(Rule rule) {
    return byId.computeIfAbsent(
        rule.id(),
        id -> {
          SecretShape s = SecretShape.of(rule);
          return new Entry(s, Specificity.of(rule, s));
        });
  }
}
