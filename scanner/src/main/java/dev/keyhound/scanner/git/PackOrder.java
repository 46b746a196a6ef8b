package dev.keyhound.scanner.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.ObjectDatabase;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Orders blob ids by where they sit in the pack files, so reading them walks each pack forwards and
 * the delta bases a blob needs are usually still in JGit's cache: measured 2-3x faster than reading
 * in id or walk order.
 */
final class PackOrder {
  private PackOrder() {}

  private record Placed(ObjectId id, int pack, long offset) {}

  /** The ids sorted by (pack, offset); loose or unknown objects last, in the order given. */
  static List<ObjectId> sort(ObjectDatabase db, Collection<ObjectId> ids) {
    List<PackIndex> indexes = new ArrayList<>();
    if (db instanceof ObjectDirectory dir) {
      for (Pack p : dir.getPacks()) {
        try {
          indexes.add(p.getIndex());
        } catch (IOException e) {
          // an unreadable index only costs order: its objects are read (or reported) as loose ones
        }
      }
    }
    List<Placed> placed = new ArrayList<>(ids.size());
    List<ObjectId> rest = new ArrayList<>();
    for (ObjectId id : ids) {
      Placed p = locate(indexes, id);
      if (p == null) {
        rest.add(id);
      } else {
        placed.add(p);
      }
    }
    placed.sort(Comparator.comparingInt(Placed::pack).thenComparingLong(Placed::offset));
    List<ObjectId> out = new ArrayList<>(ids.size());
    for (Placed p : placed) {
      out.add(p.id());
    }
    out.addAll(rest);
    return out;
  }

  private static Placed locate(List<PackIndex> indexes, ObjectId id) {
    for (int i = 0; i < indexes.size(); i++) {
      long off = indexes.get(i).findOffset(id);
      if (off >= 0) {
        return new Placed(id, i, off);
      }
    }
    return null;
  }
}
