package dev.keyhound.scanner;

import java.util.Comparator;

/** The stable orders in which findings and occurrences are reported. */
public final class Findings {
  private Findings() {}

  /** Occurrences by path, line, column, then commit date and id. */
  public static final Comparator<Occurrence> OCCURRENCE_ORDER =
      Comparator.comparing((Occurrence o) -> o.provenance().path())
          .thenComparingInt(Occurrence::line)
          .thenComparingInt(Occurrence::column)
          .thenComparing(o -> o.provenance().commit() == null ? "" : o.provenance().commit())
          .thenComparing(Occurrence::id);

  /** Findings by their first occurrence, then rule id, then id. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(
              (Finding f) ->
                  f.occurrences().isEmpty() ? "" : f.occurrences().get(0).provenance().path())
          .thenComparingInt(f -> f.occurrences().isEmpty() ? 0 : f.occurrences().get(0).line())
          .thenComparingInt(f -> f.occurrences().isEmpty() ? 0 : f.occurrences().get(0).column())
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::id);
}
