package dev.keyhound.rules;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one file in gitleaks' TOML format (plus keyhound's per-rule extras and {@code
 * [issuer.format]}) into a {@link ConfigFile}. Unknown tables and keys are ignored, as gitleaks
 * ignores them, because {@code .keyhound.toml} holds other sections too.
 */
final class ConfigReader {
  private ConfigReader() {}

  /**
   * The line a TOML error belongs to. The parser reports some errors (a duplicate key, an
   * unterminated value) where it stopped reading: column 1 of a later line, past the newline and
   * any blank or comment lines. Such an error belongs to the last line with content before it.
   */
  static int errorLine(String toml, int line, int column) {
    if (line <= 1 || column > 1) {
      return line;
    }
    String[] lines = toml.split("\\R", -1);
    for (int i = Math.min(line - 1, lines.length) - 1; i >= 0; i--) {
      String t = lines[i].strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        return i + 1;
      }
    }
    return line;
  }

  /** The TOML's tree; a syntax error names the file and line. */
  private static JsonNode tree(String toml, String source) throws RuleException {
    try {
      return TomlTree.read(toml);
    } catch (JacksonException e) {
      int line =
          e.getLocation() == null
              ? -1
              : errorLine(toml, e.getLocation().getLineNr(), e.getLocation().getColumnNr());
      // One line, whatever the parser says: messages are printed as "file: line n: reason".
      String reason = String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " ");
      throw new RuleException(
          source + (line > 0 ? ": line " + line : "") + ": invalid TOML: " + reason, e);
    }
  }

  /**
   * What {@code read(toml, source)} would say of {@link ConfigFile#useDefault}, {@link
   * ConfigFile#extendPath} and whether it has rules, for a file it reads without error, from those
   * keys alone: the rules' regexes are not compiled.
   */
  static boolean replacesBuiltin(String toml, String source) throws RuleException {
    TomlFields top = new TomlFields(tree(toml, source), source);
    TomlFields extend = top.table("extend", source + ": [extend]");
    boolean useDefault = extend != null && extend.bool("useDefault");
    String extendPath = extend == null ? null : extend.string("path");
    return !useDefault
        && (extendPath == null || extendPath.isEmpty())
        && !top.tables("rules").isEmpty();
  }

  static ConfigFile read(String toml, String source) throws RuleException {
    TomlFields top = new TomlFields(tree(toml, source), source);
    TomlFields issuer = top.table("issuer", source + ": [issuer]");
    TomlFields format =
        issuer == null ? null : issuer.table("format", source + ": [issuer.format]");
    KeyFormat issuerFormat = format == null ? null : IssuerRule.readFormat(format);

    List<RuleSpec> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode r : top.tables("rules")) {
      index++;
      RuleSpec spec = rule(new TomlFields(r, source + ": rule #" + index), source);
      if (spec.id().equals(RuleSet.ISSUER_RULE_ID)) {
        throw new RuleException(
            source
                + ": rule \""
                + spec.id()
                + "\": this id is reserved for the issuer key rule; configure it with [issuer.format]");
      }
      if (!ids.add(spec.id())) {
        throw new RuleException(source + ": rule \"" + spec.id() + "\": duplicate rule id");
      }
      rules.add(spec);
    }

    if (top.node("allowlist") != null && top.node("allowlists") != null) {
      throw top.error("[allowlist] is deprecated, it cannot be used alongside [[allowlists]]");
    }
    List<Allowlist> global = new ArrayList<>();
    Map<String, List<Allowlist>> targeted = new LinkedHashMap<>();
    List<JsonNode> globals = new ArrayList<>(top.tables("allowlist"));
    globals.addAll(top.tables("allowlists"));
    index = 0;
    for (JsonNode a : globals) {
      index++;
      TomlFields t = new TomlFields(a, source + ": global allowlist #" + index);
      Allowlist allowlist = AllowlistReader.read(t);
      List<String> targets = t.strings("targetRules");
      if (targets.isEmpty()) {
        global.add(allowlist);
      }
      for (String id : targets) {
        targeted.computeIfAbsent(id, k -> new ArrayList<>()).add(allowlist);
      }
    }

    TomlFields extend = top.table("extend", source + ": [extend]");
    boolean useDefault = extend != null && extend.bool("useDefault");
    String extendPath = extend == null ? null : extend.string("path");
    if (extend != null && extend.string("url") != null) {
      throw extend.error("url is not supported; download the file and use path");
    }
    if (useDefault && extendPath != null && !extendPath.isEmpty()) {
      throw extend.error("useDefault and path cannot both be set");
    }
    Set<String> disabled =
        new LinkedHashSet<>(extend == null ? List.of() : extend.strings("disabledRules"));
    return new ConfigFile(
        source,
        rules,
        global,
        targeted,
        useDefault,
        extendPath == null || extendPath.isEmpty() ? null : extendPath,
        disabled,
        issuerFormat);
  }

  private static RuleSpec rule(TomlFields t, String source) throws RuleException {
    String id = t.string("id");
    if (id == null || id.isBlank()) {
      String regex = t.string("regex");
      String description = t.string("description");
      throw t.error(
          "rule id is missing or empty"
              + (regex != null
                  ? " (regex: " + regex + ")"
                  : description != null ? " (description: " + description + ")" : ""));
    }
    id = id.trim();
    TomlFields r = t.at(source + ": rule \"" + id + "\"");
    int secretGroup = r.integer("secretGroup", 0);
    if (secretGroup < 0) {
      throw r.error("invalid secretGroup " + secretGroup + ", it must not be negative");
    }
    double entropy = r.number("entropy", 0);
    if (entropy < 0) {
      throw r.error("entropy must not be negative: " + entropy);
    }
    if (r.node("allowlist") != null && r.node("allowlists") != null) {
      throw r.error(
          "[rules.allowlist] is deprecated, it cannot be used alongside [[rules.allowlists]]");
    }
    List<Allowlist> allowlists = new ArrayList<>();
    List<JsonNode> tables = new ArrayList<>(r.tables("allowlist"));
    tables.addAll(r.tables("allowlists"));
    for (int i = 0; i < tables.size(); i++) {
      allowlists.add(
          AllowlistReader.read(
              new TomlFields(tables.get(i), r.where() + ": allowlist #" + (i + 1))));
    }
    String checksum = r.string("checksum");
    List<String> keywords =
        r.strings("keywords").stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    String description = r.string("description");
    com.google.re2j.Pattern regex = r.regex("regex");
    com.google.re2j.Pattern path = r.regex("path");
    return new RuleSpec(
        source,
        id,
        description == null ? "" : description,
        regex == null ? null : LazyPattern.of(regex),
        secretGroup,
        entropy,
        keywords,
        path == null ? null : LazyPattern.of(path),
        r.strings("tags"),
        allowlists,
        r.strings("examples"),
        r.strings("negative_examples"),
        checksum,
        filters(r, source));
  }

  /**
   * The rule's {@code filters} key; absent, null (not set), except in the built-in pack, whose
   * rules all run {@link MatchFilter#BUILTIN_DEFAULT}.
   */
  private static Set<MatchFilter> filters(TomlFields r, String source) throws RuleException {
    if (r.node("filters") == null) {
      return source.equals(RuleLoader.BUILTIN_SOURCE) ? MatchFilter.BUILTIN_DEFAULT : null;
    }
    Set<MatchFilter> out = java.util.EnumSet.noneOf(MatchFilter.class);
    for (String name : r.strings("filters")) {
      MatchFilter f = MatchFilter.byKey(name);
      if (f == null) {
        throw r.error(
            "unknown filter \""
                + name
                + "\" in filters (expected \"placeholders\", \"identifiers\","
                + " \"public-examples\" or \"expired\")");
      }
      out.add(f);
    }
    return out;
  }
}
