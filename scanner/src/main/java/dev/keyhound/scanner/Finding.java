package dev.keyhound.scanner;

import java.util.List;
import java.util.Objects;

/**
 * One distinct secret (rule + value) with every place it appears. The raw secret stays in memory
 * only; reports print {@link #redacted()} unless asked otherwise.
 */
public record Finding(
    String id,
    String ruleId,
    String description,
    String secret,
    Boolean checksumValid,
    double entropy,
    List<Occurrence> occurrences) {
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(secret, "secret");
    description = description == null ? "" : description;
    occurrences = List.copyOf(occurrences);
  }

  public String redacted() {
    return Redactor.redact(secret);
  }

  @Override
  public String toString() {
    return "Finding["
        + id
        + ", "
        + ruleId
        + ", "
        + redacted()
        + ", "
        + occurrences.size()
        + " occurrence(s)]";
  }
}
