package dev.keyhound.scanner.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanOptions;
import dev.keyhound.scanner.ScanResult;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackPrefetchTest {
  @TempDir static Path shared;
  static HistoryFixture fixture;

  @BeforeAll
  static void buildAndRepack() throws Exception {
    fixture = new HistoryFixture(shared.resolve("repo"));
    Process p =
        new ProcessBuilder("git", "-C", fixture.repo.dir().toString(), "repack", "-adq")
            .inheritIO()
            .start();
    assertEquals(0, p.waitFor());
  }

  @Test
  void scan_ofRepackedHistoryReportsEveryPlantedKeyAtItsIntroducingCommit() {
    ScanResult result =
        HistoryFixture.scan(
            new GitHistorySource(
                fixture.repo.dir(),
                "repo",
                GitScope.everything(),
                ScanOptions.DEFAULT_MAX_FILE_SIZE));

    assertEquals(Set.copyOf(fixture.expected()), Set.copyOf(HistoryFixture.reported(result)));
    assertEquals(fixture.expected().size(), HistoryFixture.reported(result).size());
    assertEquals(List.of(), result.skipped());
  }

  @Test
  void prefetch_holdsEachPackedBlobsExactBytesOnce() throws Exception {
    Repository repo = fixture.repo.repository();
    try (PackPrefetch prefetch = PackPrefetch.start(repo, ScanOptions.DEFAULT_MAX_FILE_SIZE);
        ObjectReader reader = repo.newObjectReader();
        TreeWalk walk = new TreeWalk(reader)) {
      prefetch.join();
      walk.addTree(repo.parseCommit(repo.resolve("spike")).getTree());
      walk.setRecursive(true);
      int blobs = 0;
      while (walk.next()) {
        ObjectId id = walk.getObjectId(0);
        assertArrayEquals(
            reader.open(id, Constants.OBJ_BLOB).getCachedBytes(), prefetch.takeBlob(id), id.name());
        assertNull(prefetch.takeBlob(id));
        blobs++;
      }
      assertEquals(
          6, blobs); // README.md, app.py, config.py, deploy/prod.yml, settings/other.yml, spike.txt
    }
  }

  @Test
  void packTypes_giveEveryPackedObjectsTypeIncludingDeltas() throws Exception {
    Repository repo = fixture.repo.repository();
    Pack pack = ((ObjectDirectory) repo.getObjectDatabase()).getPacks().iterator().next();
    List<PackIndex.MutableEntry> entries = new ArrayList<>();
    pack.getIndex().forEach(e -> entries.add(e.cloneEntry()));
    entries.sort(Comparator.comparingLong(PackIndex.MutableEntry::getOffset));
    long[] offsets = entries.stream().mapToLong(PackIndex.MutableEntry::getOffset).toArray();

    byte[] types = PackTypes.read(pack.getPackFile().toPath(), offsets, pack.getIndex());

    try (ObjectReader reader = repo.newObjectReader()) {
      for (int i = 0; i < offsets.length; i++) {
        ObjectId id = entries.get(i).toObjectId();
        assertEquals(reader.open(id).getType(), types[i], id.name());
      }
    }
    assertTrue(offsets.length > 20);
  }

  @Test
  void prefetch_leavesBlobsOverTheSizeLimitToTheReader() throws Exception {
    Repository repo = fixture.repo.repository();
    ObjectId readme = repo.resolve("spike:README.md");
    try (PackPrefetch prefetch = PackPrefetch.start(repo, 3)) {
      prefetch.join();
      assertNull(prefetch.takeBlob(readme));
    }
  }

  @Test
  void prefetch_overItsTreeBudgetWithNoWalkTakingDropsTheOldestTreesAndFinishes() throws Exception {
    Repository repo = fixture.repo.repository();
    try (PackPrefetch prefetch =
        PackPrefetch.start(repo, ScanOptions.DEFAULT_MAX_FILE_SIZE, false, 1)) {
      prefetch.join(); // waiting for a walk that never comes would never return

      assertTrue(prefetch.dropped() > 0, "dropped " + prefetch.dropped());
    }
  }

  @Test
  void onDemand_inflatesNothingUntilBegunAndNothingOnceStopped() throws Exception {
    Repository repo = fixture.repo.repository();
    ObjectId tree = repo.parseCommit(repo.resolve("spike")).getTree().getId();
    try (PackPrefetch prefetch = PackPrefetch.onDemand(repo, ScanOptions.DEFAULT_MAX_FILE_SIZE)) {
      prefetch.join(); // never begun: returns at once
      assertFalse(prefetch.begun());
      assertNull(prefetch.takeTree(tree));

      prefetch.begin();
      prefetch.begin(); // once only
      prefetch.join();
      assertTrue(prefetch.begun());
      try (ObjectReader reader = repo.newObjectReader()) {
        assertArrayEquals(
            reader.open(tree, Constants.OBJ_TREE).getCachedBytes(), prefetch.takeTree(tree));
      }
    }
    try (PackPrefetch stopped = PackPrefetch.onDemand(repo, ScanOptions.DEFAULT_MAX_FILE_SIZE)) {
      stopped.stop();
      stopped.begin();
      assertFalse(stopped.begun());
    }
  }

  @Test
  void begunLate_passesOverTheTreesTheWalkReadItself() throws Exception {
    Repository repo = fixture.repo.repository();
    ObjectId spike = repo.parseCommit(repo.resolve("spike")).getTree().getId();
    ObjectId main = repo.parseCommit(repo.resolve("main")).getTree().getId();
    assertFalse(spike.equals(main));
    try (PackPrefetch prefetch = PackPrefetch.onDemand(repo, ScanOptions.DEFAULT_MAX_FILE_SIZE)) {
      prefetch.walked(spike);
      prefetch.begin();
      prefetch.join();

      assertNull(prefetch.takeTree(spike));
      assertNotNull(prefetch.takeTree(main));
    }
  }

  @Test
  void treeCache_beginsThePrefetchAfterASlowRoundPastTheFirstOnly() throws Exception {
    Repository repo = fixture.repo.repository();
    List<ObjectId> trees = new ArrayList<>();
    try (ObjectReader reader = repo.newObjectReader();
        TreeWalk walk = new TreeWalk(reader)) {
      ObjectId root = repo.parseCommit(repo.resolve("spike")).getTree().getId();
      trees.add(root);
      walk.addTree(root);
      while (walk.next()) {
        if (walk.isSubtree()) {
          trees.add(walk.getObjectId(0));
          walk.enterSubtree();
        }
      }
    }
    assertTrue(trees.size() >= 3, trees.toString());
    long slow = TreeCache.SLOW_READ_NANOS + 1;
    long fast = TreeCache.SLOW_READ_NANOS / 10;
    for (long perRead : new long[] {fast, slow}) {
      // Each read looks at the clock twice, before and after: every second tick is a read's length.
      long[] now = {0};
      boolean[] after = {false};
      LongSupplier clock =
          () -> {
            now[0] += after[0] ? perRead : 1;
            after[0] = !after[0];
            return now[0];
          };
      try (PackPrefetch prefetch = PackPrefetch.onDemand(repo, ScanOptions.DEFAULT_MAX_FILE_SIZE);
          ObjectReader reader = repo.newObjectReader();
          TreeCache cache = new TreeCache(reader, prefetch, clock, 1)) {
        cache.open(trees.get(0), Constants.OBJ_TREE);
        cache.open(trees.get(0), Constants.OBJ_TREE); // held: not read again, not timed
        assertFalse(prefetch.begun(), "after the first round (the JIT's warm-up), never counted");
        cache.open(trees.get(1), Constants.OBJ_TREE);
        assertEquals(perRead == slow, prefetch.begun(), "after a second round of " + perRead);
        cache.open(trees.get(2), Constants.OBJ_TREE);
        assertEquals(perRead == slow, prefetch.begun());
        prefetch.join();
      }
    }
  }

  @Test
  void introductionWalk_throughAOneByteTreeBudgetFindsWhatItFindsWithoutPrefetch()
      throws Exception {
    Repository repo = fixture.repo.repository();
    Map<ObjectId, List<Provenance>> without = introductions(repo, null);
    try (PackPrefetch prefetch =
        PackPrefetch.start(repo, ScanOptions.DEFAULT_MAX_FILE_SIZE, false, 1)) {
      Map<ObjectId, List<Provenance>> with = introductions(repo, prefetch);

      assertEquals(without, with);
    }
    assertTrue(without.size() >= 8, without.keySet().toString());
  }

  private static Map<ObjectId, List<Provenance>> introductions(
      Repository repo, PackPrefetch prefetch) throws Exception {
    List<Skipped> skipped = new ArrayList<>();
    Source.Sink sink =
        new Source.Sink() {
          @Override
          public void accept(SourceItem item) {
            throw new AssertionError("the walk reads no blob");
          }

          @Override
          public void skipped(Skipped s) {
            skipped.add(s);
          }
        };
    try (ObjectReader reader = repo.newObjectReader()) {
      Map<ObjectId, List<Provenance>> byBlob =
          IntroductionIndex.build(
                  "repo",
                  reader,
                  Tips.starts(repo, List.of()),
                  List.of(),
                  sink,
                  new GitProgress(),
                  prefetch)
              .byBlob();
      assertEquals(List.of(), skipped);
      return new HashMap<>(byBlob);
    }
  }
}
