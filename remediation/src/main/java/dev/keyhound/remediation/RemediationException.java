package dev.keyhound.remediation;

/**
 * A request remediation cannot carry out as asked (unknown finding, approval needed); its message
 * is for people.
 */
public final class RemediationException extends Exception {
  public RemediationException(String message) {
    super(message);
  }
}
