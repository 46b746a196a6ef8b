package dev.keyhound.scanner;

import java.util.Comparator;

/**
 * The stable orders in which findings and occurrences are reported. Written out rather than built
 * with {@code Comparator.comparing(...).thenComparing(...)}: the JDK spins those lambdas' classes
 * at run time on every start, which the class data archive cannot keep, on the pre-commit hook's
 * path.
 */
public final class Findings {
  private Findings() {}

  /** Occurrences by path, line, column, then commit and id. */
  public static final Comparator<Occurrence> OCCURRENCE_ORDER = new OccurrenceOrder();

  /** Findings by their first occurrence's path, line and column, then rule id, then id. */
  public static final Comparator<Finding> ORDER = new FindingOrder();

  private static final class OccurrenceOrder implements Comparator<Occurrence> {
    @Override
    public int compare(Occurrence a, Occurrence b) {
      int c = a.provenance().path().compareTo(b.provenance().path());
      if (c == 0) {
        c = Integer.compare(a.line(), b.line());
      }
      if (c == 0) {
        c = Integer.compare(a.column(), b.column());
      }
      if (c == 0) {
        c = commit(a).compareTo(commit(b));
      }
      return c != 0 ? c : a.id().compareTo(b.id());
    }

    private static String commit(Occurrence o) {
      return o.provenance().commit() == null ? "" : o.provenance().commit();
    }
  }

  private static final class FindingOrder implements Comparator<Finding> {
    @Override
    public int compare(Finding a, Finding b) {
      Occurrence x = first(a);
      Occurrence y = first(b);
      int c =
          (x == null ? "" : x.provenance().path())
              .compareTo(y == null ? "" : y.provenance().path());
      if (c == 0) {
        c = Integer.compare(x == null ? 0 : x.line(), y == null ? 0 : y.line());
      }
      if (c == 0) {
        c = Integer.compare(x == null ? 0 : x.column(), y == null ? 0 : y.column());
      }
      if (c == 0) {
        c = a.ruleId().compareTo(b.ruleId());
      }
      return c != 0 ? c : a.id().compareTo(b.id());
    }

    private static Occurrence first(Finding f) {
      return f.occurrences().isEmpty() ? null : f.occurrences().get(0);
    }
  }
}
