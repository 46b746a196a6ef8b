package dev.keyhound.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyhound.scanner.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF {@code tool.driver.rules}: one reporting descriptor per rule that found something, sorted
 * by id.
 */
final class SarifRules {
  private SarifRules() {}

  /** Writes the rules and returns their ids in index order, for {@code result.ruleIndex}. */
  static List<String> write(ArrayNode rules, List<Finding> findings) {
    Map<String, String> descriptions = new TreeMap<>();
    for (Finding f : findings) {
      descriptions.merge(f.ruleId(), f.description(), (a, b) -> a.isEmpty() ? b : a);
    }
    for (Map.Entry<String, String> e : descriptions.entrySet()) {
      String id = e.getKey();
      String what = e.getValue().isEmpty() ? id : e.getValue();
      ObjectNode r = rules.addObject();
      r.put("id", id);
      r.put("name", name(id));
      r.set("shortDescription", SarifReport.text("Leaked " + what));
      r.set(
          "fullDescription",
          SarifReport.text(
              "A value that matches the "
                  + id
                  + " rule was found in the scanned content. A committed secret must be treated as compromised."));
      r.put(
          "helpUri", "https://owasp.org/www-community/vulnerabilities/Use_of_hard-coded_password");
      ObjectNode help = r.putObject("help");
      help.put("text", Remediation.help(id));
      help.put("markdown", Remediation.helpMarkdown(id));
      r.putObject("defaultConfiguration").put("level", "error");
      ObjectNode props = r.putObject("properties");
      props.putArray("tags").add("security").add("secret").add("external/cwe/cwe-798");
      props.put("precision", "high");
      props.put("security-severity", "8.0");
    }
    return new ArrayList<>(descriptions.keySet());
  }

  /**
   * A PascalCase name from a rule id ({@code aws-access-key} → {@code AwsAccessKey}), as SARIF
   * suggests.
   */
  private static String name(String id) {
    StringBuilder b = new StringBuilder();
    boolean up = true;
    for (char c : id.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      } else {
        up = true;
      }
    }
    return b.length() == 0 ? "Secret" : b.toString();
  }
}
