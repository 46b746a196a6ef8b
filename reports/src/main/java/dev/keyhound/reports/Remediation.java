package dev.keyhound.reports;

/**
 * The remediation advice every report carries with a leak: what to do first, then how to clean up.
 */
public final class Remediation {
  private Remediation() {}

  /** Plain-text help for a rule's findings. */
  public static String help(String ruleId) {
    return "How to fix a leaked "
        + ruleId
        + " secret:\n"
        + "1. Rotate or revoke it at its issuer now: anyone who read the repository may have it, "
        + "and removing the line does not un-leak it.\n"
        + "2. Move the new value to a secret store or environment variable, never into the code.\n"
        + "3. Remove the old value from history (git filter-repo or BFG), then force-push and ask clones to re-clone.\n"
        + "4. Only if the value is a test fixture or already dead, accept it: add its finding id to "
        + ".keyhoundignore or to the baseline (keyhound baseline create).";
  }

  /** The same help in Markdown, for SARIF viewers that render it. */
  public static String helpMarkdown(String ruleId) {
    return "**How to fix a leaked `"
        + ruleId
        + "` secret**\n\n"
        + "1. **Rotate or revoke** it at its issuer now: anyone who read the repository may have it, "
        + "and removing the line does not un-leak it.\n"
        + "2. Move the new value to a secret store or environment variable, never into the code.\n"
        + "3. **Remove it from history** (`git filter-repo` or BFG), then force-push and ask clones to re-clone.\n"
        + "4. Only if the value is a test fixture or already dead, accept it: add its finding id to "
        + "`.keyhoundignore` or to the baseline (`keyhound baseline create`).";
  }
}
