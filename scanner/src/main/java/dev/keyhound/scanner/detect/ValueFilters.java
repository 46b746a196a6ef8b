package dev.keyhound.scanner.detect;

import dev.keyhound.rules.MatchFilter;
import dev.keyhound.rules.Rule;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs the {@link MatchFilter}s a rule asks for on one matched value, in its line: the checks that
 * tell a credential from a placeholder, a piece of code or a published example. They run on
 * candidates only, after the regex matched, so their cost does not show in throughput.
 */
final class ValueFilters {
  private final RuleShapes shapes = new RuleShapes();

  /**
   * Why the rule's filters drop the value, if they do.
   *
   * @param before the value's line up to the value
   * @param after the value's line after it (empty when the value runs past its line)
   * @param now what the {@code expired} filter compares expiry times with
   */
  Optional<MatchVerdict.Dropped> check(
      Rule rule, String secret, String before, String after, Instant now) {
    if (rule.filters().isEmpty()) {
      return Optional.empty();
    }
    if (rule.filters().contains(MatchFilter.PUBLIC_EXAMPLES)) {
      Optional<String> why = PublicExamples.why(secret);
      if (why.isPresent()) {
        return dropped(MatchVerdict.Reason.PUBLIC_EXAMPLE, why);
      }
    }
    if (rule.filters().contains(MatchFilter.PLACEHOLDERS)) {
      Optional<String> why =
          Placeholders.why(
              secret,
              before,
              after,
              shapes.shape(rule),
              shapes.specificity(rule) == Specificity.GENERIC);
      if (why.isPresent()) {
        return dropped(MatchVerdict.Reason.PLACEHOLDER, why);
      }
    }
    if (rule.filters().contains(MatchFilter.IDENTIFIERS)) {
      Specificity specificity = shapes.specificity(rule);
      boolean prefixed =
          specificity == Specificity.FIXED_PREFIX || specificity == Specificity.CHECKSUMMED;
      Optional<String> why = Identifiers.why(secret, before, after, prefixed);
      if (why.isEmpty() && specificity == Specificity.GENERIC) {
        why = Identifiers.nonCredentialName(before);
      }
      if (why.isPresent()) {
        return dropped(MatchVerdict.Reason.IDENTIFIER, why);
      }
    }
    if (rule.filters().contains(MatchFilter.EXPIRED)) {
      Optional<String> why = ExpiredTokens.why(secret, now);
      if (why.isPresent()) {
        return dropped(MatchVerdict.Reason.EXPIRED, why);
      }
    }
    return Optional.empty();
  }

  private static Optional<MatchVerdict.Dropped> dropped(
      MatchVerdict.Reason reason, Optional<String> why) {
    return Optional.of(new MatchVerdict.Dropped(reason, why.orElse("")));
  }
}
