package dev.keyhound.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A rule as one file declares it, before extension: a rule in an extending file may name only an id
 * and an allowlist, so regex and path may both be missing until it is merged onto its base.
 *
 * @param source the file that declared it, for messages
 * @param checksum {@code "issuer"}, {@code "github"} or null; resolved once the issuer format is
 *     known
 * @param filters the {@code filters} key, or null when the file does not set it (an extending rule
 *     then keeps its base rule's)
 */
record RuleSpec(
    String source,
    String id,
    String description,
    LazyPattern regex,
    int secretGroup,
    double entropy,
    List<String> keywords,
    LazyPattern path,
    List<String> tags,
    List<Allowlist> allowlists,
    List<String> examples,
    List<String> negativeExamples,
    String checksum,
    Set<MatchFilter> filters) {

  RuleSpec {
    keywords = List.copyOf(keywords);
    tags = List.copyOf(tags);
    allowlists = List.copyOf(allowlists);
    examples = List.copyOf(examples);
    negativeExamples = List.copyOf(negativeExamples);
    filters = filters == null ? null : MatchFilter.unmodifiableSetOf(filters);
  }

  /**
   * This (extending) rule merged onto the base rule of the same id, as gitleaks' {@code
   * Config.extend} does: set scalars override, lists (tags, keywords, allowlists) are appended.
   * Examples belong to a regex, so they are replaced, not appended, when this rule gives any.
   */
  RuleSpec mergeOnto(RuleSpec base) {
    return new RuleSpec(
        source,
        id,
        description.isEmpty() ? base.description : description,
        regex != null ? regex : base.regex,
        secretGroup != 0 ? secretGroup : base.secretGroup,
        entropy != 0 ? entropy : base.entropy,
        concat(base.keywords, keywords),
        path != null ? path : base.path,
        concat(base.tags, tags),
        concat(base.allowlists, allowlists),
        examples.isEmpty() ? base.examples : examples,
        negativeExamples.isEmpty() ? base.negativeExamples : negativeExamples,
        checksum != null ? checksum : base.checksum,
        filters != null ? filters : base.filters);
  }

  /** This spec with more allowlists (from a global allowlist's {@code targetRules}). */
  RuleSpec withAllowlists(List<Allowlist> more) {
    return new RuleSpec(
        source,
        id,
        description,
        regex,
        secretGroup,
        entropy,
        keywords,
        path,
        tags,
        concat(allowlists, more),
        examples,
        negativeExamples,
        checksum,
        filters);
  }

  /** The validated rule; checks what gitleaks checks once all extension is done. */
  Rule toRule(KeyFormat issuerFormat) throws RuleException {
    if (regex == null && path == null) {
      throw new RuleException(
          where() + ": both regex and path are empty, this rule would have no effect");
    }
    if (regex != null && secretGroup > regex.groupCount()) {
      throw new RuleException(
          where()
              + ": invalid secretGroup "
              + secretGroup
              + ", the regex has "
              + regex.groupCount()
              + " capture group(s)");
    }
    KeyFormat format = null;
    if (checksum != null) {
      format =
          switch (checksum) {
            case "issuer" -> issuerFormat;
            case "github" -> KeyFormat.GITHUB;
            default ->
                throw new RuleException(
                    where()
                        + ": unknown checksum \""
                        + checksum
                        + "\" (expected \"issuer\" or \"github\")");
          };
    }
    return new Rule(
        id,
        description,
        regex,
        secretGroup,
        entropy,
        keywords,
        path,
        tags,
        allowlists,
        examples,
        negativeExamples,
        format,
        filters == null ? Set.of() : filters);
  }

  /** How messages name this rule; built only for a message (the hook builds ~240 rules). */
  private String where() {
    return source + ": rule \"" + id + "\"";
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
