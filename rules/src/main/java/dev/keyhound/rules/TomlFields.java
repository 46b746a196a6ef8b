package dev.keyhound.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Typed reads from one TOML table, every failure a {@link RuleException} that says where ({@code
 * where}, e.g. {@code rules.toml: rule "x"}). Keys match case-insensitively because gitleaks reads
 * its config through viper, which lower-cases keys, so {@code secretgroup} works there and must
 * work here.
 */
final class TomlFields {
  private final JsonNode table;
  private final String where;

  TomlFields(JsonNode table, String where) {
    this.table = table;
    this.where = where;
  }

  /** The same table, described differently in messages (once its rule id is known). */
  TomlFields at(String newWhere) {
    return new TomlFields(table, newWhere);
  }

  String where() {
    return where;
  }

  RuleException error(String reason) {
    return new RuleException(where + ": " + reason);
  }

  /** The value of the key, or null when absent. */
  JsonNode node(String key) {
    if (table == null || !table.isObject()) {
      return null;
    }
    JsonNode exact = table.get(key);
    if (exact != null) {
      return exact;
    }
    for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.equalsIgnoreCase(key)) {
        return table.get(name);
      }
    }
    return null;
  }

  /** The sub-table under the key, or null when absent. */
  TomlFields table(String key, String subWhere) throws RuleException {
    JsonNode n = node(key);
    if (n == null) {
      return null;
    }
    if (!n.isObject()) {
      throw error(key + " must be a table");
    }
    return new TomlFields(n, subWhere);
  }

  /** The tables under the key, whether written as one {@code [table]} or as {@code [[tables]]}. */
  List<JsonNode> tables(String key) throws RuleException {
    JsonNode n = node(key);
    List<JsonNode> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (n.isObject()) {
      out.add(n);
      return out;
    }
    if (!n.isArray()) {
      throw error(key + " must be a table or an array of tables");
    }
    for (JsonNode e : n) {
      if (!e.isObject()) {
        throw error(key + " must hold tables");
      }
      out.add(e);
    }
    return out;
  }

  String string(String key) throws RuleException {
    JsonNode n = node(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw error(key + " must be a string, not " + n);
    }
    return n.asText();
  }

  List<String> strings(String key) throws RuleException {
    JsonNode n = node(key);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    if (!n.isArray()) {
      throw error(key + " must be an array of strings");
    }
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw error(key + " must be an array of strings, not " + n);
      }
      out.add(e.asText());
    }
    return out;
  }

  double number(String key, double absent) throws RuleException {
    JsonNode n = node(key);
    if (n == null) {
      return absent;
    }
    if (!n.isNumber()) {
      throw error(key + " must be a number, not " + n);
    }
    return n.asDouble();
  }

  int integer(String key, int absent) throws RuleException {
    JsonNode n = node(key);
    if (n == null) {
      return absent;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw error(key + " must be an integer, not " + n);
    }
    return n.asInt();
  }

  boolean bool(String key) throws RuleException {
    JsonNode n = node(key);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw error(key + " must be true or false, not " + n);
    }
    return n.asBoolean();
  }

  /** The key's regex compiled with RE2/J, or null when absent. */
  Pattern regex(String key) throws RuleException {
    String s = string(key);
    return s == null || s.isEmpty()
        ? null
        : compile(s, "invalid " + (key.equals("regex") ? "" : key + " ") + "regex");
  }

  List<Pattern> regexes(String key) throws RuleException {
    List<Pattern> out = new ArrayList<>();
    for (String s : strings(key)) {
      out.add(compile(s, "invalid " + key + " entry"));
    }
    return out;
  }

  Pattern compile(String regex, String what) throws RuleException {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      String reason =
          e.getMessage() == null ? "" : e.getMessage().replaceFirst("^error parsing regexp: ", "");
      throw error(what + ": " + reason);
    }
  }
}
