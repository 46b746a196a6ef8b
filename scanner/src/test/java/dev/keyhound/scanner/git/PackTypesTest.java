package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.testing.TestRepo;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entry headers are read a chunk at a time: in a pack several chunks long, with headers next to
 * chunk ends and objects larger than a chunk between two headers, every object's type (a delta's is
 * its base's) is the one JGit reads.
 */
class PackTypesTest {

  @Test
  void everyTypeIsRightAcrossManyChunks(@TempDir Path dir) throws Exception {
    Random random = new Random(7);
    try (TestRepo repo = TestRepo.init(dir)) {
      StringBuilder grows = new StringBuilder();
      for (int commit = 0; commit < 40; commit++) {
        for (int f = 0; f < 12; f++) {
          // Random text does not compress: each blob takes its size in the pack.
          repo.write("dir" + (f % 3) + "/file" + f + ".txt", text(random, 2_000 + f * 700));
        }
        grows.append(text(random, 300)); // a file that deltas against its previous version
        repo.write("log.txt", grows.toString());
        if (commit % 10 == 0) {
          repo.write("big" + commit + ".bin", text(random, 600_000)); // over two chunks
        }
        repo.commit("commit " + commit);
      }
      repo.git().gc().setAggressive(false).call();
      // A pack of this history: JGit writes it whole, deltas included.
      Repository r = repo.repository();
      Pack pack =
          ((ObjectDirectory) r.getObjectDatabase())
              .getPacks().stream()
                  .max(Comparator.comparingLong(p -> p.getPackFile().length()))
                  .orElseThrow();
      List<PackIndex.MutableEntry> entries = new ArrayList<>();
      pack.getIndex().forEach(e -> entries.add(e.cloneEntry()));
      entries.sort(Comparator.comparingLong(PackIndex.MutableEntry::getOffset));
      long[] offsets = entries.stream().mapToLong(PackIndex.MutableEntry::getOffset).toArray();

      assertTrue(pack.getPackFile().length() > 8 * (256 << 10), "pack spans many chunks");
      byte[] jgit = new byte[offsets.length];
      try (ObjectReader reader = r.newObjectReader()) {
        for (int i = 0; i < offsets.length; i++) {
          jgit[i] = (byte) reader.open(entries.get(i).toObjectId()).getType();
        }
      }
      assertArrayEquals(
          jgit, PackTypes.read(pack.getPackFile().toPath(), offsets, pack.getIndex()));
      // Chunks of every small length: with objects of many sizes, some headers straddle a chunk's
      // end at each length.
      for (int chunk = 64; chunk < 400; chunk++) {
        assertArrayEquals(
            jgit,
            PackTypes.read(pack.getPackFile().toPath(), offsets, pack.getIndex(), chunk),
            "chunk " + chunk);
      }
      assertTrue(
          deltas(pack.getPackFile().toPath(), offsets) > 10, "log.txt's versions are deltas");
    }
  }

  /** Entries whose header says OFS_DELTA (6) or REF_DELTA (7). */
  private static int deltas(Path pack, long[] offsets) throws Exception {
    int n = 0;
    try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "r")) {
      for (long offset : offsets) {
        f.seek(offset);
        int type = (f.read() >> 4) & 7;
        if (type == 6 || type == 7) {
          n++;
        }
      }
    }
    return n;
  }

  private static String text(Random random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(i % 80 == 79 ? '\n' : (char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }
}
