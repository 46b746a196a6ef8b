package dev.keyhound.rules;

import java.util.List;
import java.util.Locale;

/**
 * The issuer's own key rule, generated from its {@link KeyFormat} rather than written in TOML, so
 * the regex, keywords and examples can never drift from the format that mints and checks the keys.
 */
final class IssuerRule {
  /** A published test key of the default format; it must always be found. */
  static final String TEST_VECTOR = "sk_test_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4";

  private IssuerRule() {}

  /** Reads {@code [issuer.format]}; missing keys take the default format's values. */
  static KeyFormat readFormat(TomlFields t) throws RuleException {
    List<String> prefixes =
        t.node("prefixes") == null ? KeyFormat.ISSUER.prefixes() : t.strings("prefixes");
    int bodyLength = t.integer("body_length", KeyFormat.ISSUER.bodyLength());
    String checksum = t.string("checksum");
    KeyFormat.Checksum sum = KeyFormat.ISSUER.checksum();
    if (checksum != null) {
      sum =
          switch (checksum.toLowerCase(Locale.ROOT)) {
            case "crc32-base62" -> KeyFormat.Checksum.CRC32_BASE62;
            case "none" -> KeyFormat.Checksum.NONE;
            default ->
                throw t.error(
                    "unknown checksum \""
                        + checksum
                        + "\" (expected \"crc32-base62\" or \"none\")");
          };
    }
    try {
      return new KeyFormat("issuer", prefixes, bodyLength, sum);
    } catch (IllegalArgumentException e) {
      throw t.error(e.getMessage());
    }
  }

  /**
   * The rule for keys of this format, with freshly minted examples and near misses as negative
   * examples (minted when first read: see {@link MintedExamples}).
   */
  static Rule of(KeyFormat format, List<Allowlist> allowlists) {
    MintedExamples minted = new MintedExamples(format);
    return new Rule(
        RuleSet.ISSUER_RULE_ID,
        "Issuer API key (" + String.join(", ", format.prefixes()) + ")",
        // The default format's regex (one group: the key) is known to compile, so it waits for a
        // change that holds one of its prefixes; a file's own format is compiled now, so that a
        // problem is reported when the file is loaded.
        format.equals(KeyFormat.ISSUER)
            ? LazyPattern.deferred(format.regex(), 0, 1)
            : LazyPattern.compile(format.regex()),
        1,
        0,
        format.keywords(),
        null,
        List.of("issuer", "api-key"),
        allowlists,
        minted.examples(),
        minted.negatives(),
        format,
        // The issuer's own rule is built in: a template or a published sample is not a leak.
        java.util.EnumSet.of(MatchFilter.PLACEHOLDERS, MatchFilter.PUBLIC_EXAMPLES));
  }
}
