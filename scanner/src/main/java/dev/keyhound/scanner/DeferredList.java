package dev.keyhound.scanner;

import java.util.AbstractList;
import java.util.List;

/**
 * An immutable list whose content is computed on first use and then kept: the refs that reach a
 * commit cost a walk over the history to list, so a history source lists them only for the
 * provenances a report or the ledger actually reads (the few that hold a finding), not for every
 * file of every commit. {@link Provenance.Git} keeps such a list as it is rather than copying it.
 */
public abstract class DeferredList<E> extends AbstractList<E> {
  private volatile List<E> value;

  /** Computes the content; called at most once, by the first reader. */
  protected abstract List<E> compute();

  private List<E> value() {
    List<E> v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = List.copyOf(compute());
          value = v;
        }
      }
    }
    return v;
  }

  @Override
  public final E get(int index) {
    return value().get(index);
  }

  @Override
  public final int size() {
    return value().size();
  }
}
