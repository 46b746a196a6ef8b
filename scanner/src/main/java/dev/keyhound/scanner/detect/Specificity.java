package dev.keyhound.scanner.detect;

import dev.keyhound.rules.KeyFormat;
import dev.keyhound.rules.Rule;
import java.util.Locale;

/**
 * How much a rule's match says about what the value is, used when several rules match one value:
 * the most specific reports it (see {@link MostSpecific}). It is derived from the rule, so user
 * rules are ranked the same way without a key of their own:
 *
 * <ol>
 *   <li>{@link #CHECKSUMMED}: the rule checks a checksum ({@code checksum = "github"} or the issuer
 *       format);
 *   <li>{@link #GENERIC}: the rule is tagged {@code generic} or its id contains {@code generic}
 *       (checked before the next two, since a generic rule may well have a literal somewhere);
 *   <li>{@link #FIXED_PREFIX}: the secret the rule captures starts with at least {@value
 *       #PREFIX_CHARS} characters fixed by its regex ({@code AKIA}, {@code xoxb-}, {@code
 *       sk_live_});
 *   <li>{@link #KEYWORD_AND_SHAPE}: anything else, a value of some shape next to a name.
 * </ol>
 */
public enum Specificity {
  GENERIC,
  KEYWORD_AND_SHAPE,
  FIXED_PREFIX,
  CHECKSUMMED;

  /** The fewest fixed leading characters that make a format a prefixed one. */
  static final int PREFIX_CHARS = 3;

  /** The rank of a rule whose secret has the given shape. */
  static Specificity of(Rule rule, SecretShape shape) {
    if (rule.checksumFormat() != null
        && rule.checksumFormat().checksum() != KeyFormat.Checksum.NONE) {
      return CHECKSUMMED;
    }
    if (rule.tags().contains("generic") || rule.id().toLowerCase(Locale.ROOT).contains("generic")) {
      return GENERIC;
    }
    return shape.literalPrefix() >= PREFIX_CHARS ? FIXED_PREFIX : KEYWORD_AND_SHAPE;
  }
}
