package dev.keyhound.rules;

/**
 * A rule file or rule that cannot be used; the message names the file, the rule id and the reason.
 */
public class RuleException extends Exception {
  public RuleException(String message) {
    super(message);
  }

  public RuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
