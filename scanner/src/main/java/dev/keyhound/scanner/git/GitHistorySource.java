package dev.keyhound.scanner.git;

import dev.keyhound.scanner.Blob;
import dev.keyhound.scanner.Futures;
import dev.keyhound.scanner.LargeFile;
import dev.keyhound.scanner.PhaseTrace;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.Skipped;
import dev.keyhound.scanner.Source;
import dev.keyhound.scanner.SourceItem;
import dev.keyhound.scanner.Uninterruptibly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * A repository's history (every ref, or the scope's refs minus what excluded revisions reach) and
 * optionally its uncommitted files. Blobs are enumerated by the tree walk, deduplicated by id and
 * read once each, in pack order, on the calling thread; each carries one provenance per (path,
 * introducing commit).
 */
public final class GitHistorySource implements Source {
  /**
   * {@code -Dkeyhound.prefetch=false} turns the pack prefetch off; {@code =always} begins it with
   * the walk, rather than when the walk's own tree reads turn out slow (to measure either).
   */
  private static final String PREFETCH_MODE = System.getProperty("keyhound.prefetch", "");

  private static final boolean PREFETCH = !"false".equals(PREFETCH_MODE);

  /**
   * {@code -Dkeyhound.scanWhileWalking=false} reads blobs only after the walk (to measure the
   * difference).
   */
  private static final boolean WHILE_WALKING =
      !"false".equals(System.getProperty("keyhound.scanWhileWalking"));

  private final Path dir;
  private final String repository;
  private final GitScope scope;
  private final long maxFileSize;
  private final GitProgress progress;
  private final Map<String, List<Provenance>> carried;
  private volatile Map<String, ObjectId> scannedTips = Map.of();

  /**
   * The refs under {@code refs/} that {@link #validate} read, taken by the next {@link #emit}
   * (null: it reads them).
   */
  private final AtomicReference<Tips.Listed> listed = new AtomicReference<>();

  /**
   * @param dir the work tree top or bare repository folder
   * @param repository how provenances name the repository (its path, or the URL it was cloned from)
   * @param carried provenances from earlier incremental runs, by blob id, re-read and reported
   *     again
   */
  public GitHistorySource(
      Path dir,
      String repository,
      GitScope scope,
      long maxFileSize,
      GitProgress progress,
      Map<String, List<Provenance>> carried) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.scope = Objects.requireNonNull(scope, "scope");
    if (maxFileSize <= 0) {
      throw new IllegalArgumentException("max file size must be positive: " + maxFileSize);
    }
    this.maxFileSize = maxFileSize;
    this.progress = progress == null ? new GitProgress() : progress;
    this.carried = Map.copyOf(carried);
  }

  public GitHistorySource(Path dir, String repository, GitScope scope, long maxFileSize) {
    this(dir, repository, scope, maxFileSize, null, Map.of());
  }

  @Override
  public String describe() {
    return "history of " + repository;
  }

  /**
   * Checks that the repository opens and the scope's refs and revisions resolve, so a typo is a
   * usage error before the scan starts.
   *
   * @throws IllegalArgumentException naming the bad ref or the unreadable repository
   */
  public void validate() {
    try (Repository repo = GitRepos.open(dir)) {
      if (scope.refs().isEmpty()) {
        // Every ref: one that cannot be read is reported and passed over by emit, so only the ref
        // list is read here, and kept for emit. Peeling every tip here as well as in emit cost a
        // mirror of 4,500 refs ~0.3 s of CPU before the walk could start. HEAD and the stash too:
        // looked up in emit's repository, they had JGit parse its packed refs a second time (~9 ms
        // of the start for that mirror).
        listed.set(Tips.list(repo));
      } else {
        Tips.starts(repo, scope.refs());
      }
      Tips.commits(repo, scope.excludes());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot open git repository " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The ref tips this scan started from (after {@link #emit}); incremental state records them. */
  public Map<String, String> scannedTips() {
    Map<String, String> out = new LinkedHashMap<>();
    scannedTips.forEach((k, v) -> out.put(k, v.name()));
    return out;
  }

  @Override
  public void emit(Sink sink) throws IOException {
    GitRepos.configureCacheForHistory();
    try (Repository repo = GitRepos.open(dir);
        ObjectReader reader = repo.newObjectReader()) {
      Tips.Unreadable unreadable =
          (ref, why) ->
              sink.skipped(new Skipped(repository + ":" + ref, Skipped.Reason.UNREADABLE, why));
      List<ObjectId> excludes = new ArrayList<>(Tips.commits(repo, scope.excludes()));
      excludes.addAll(Tips.existing(repo, scope.scanned()));
      if (sink.attributesLater() && WHILE_WALKING) {
        IntroductionIndex.TipSource tips;
        if (scope.refs().isEmpty()) {
          // Listed now, peeled by the walk on its own thread, where their commits are parsed once.
          Tips.Listed checked = listed.getAndSet(null);
          Tips.Listed all = checked != null ? checked : Tips.list(repo);
          tips = walk -> Tips.peel(all, walk, unreadable);
        } else {
          Map<String, ObjectId> named = Tips.starts(repo, scope.refs(), unreadable);
          tips = walk -> named;
        }
        PhaseTrace.mark("history: repository opened, refs listed");
        scanWhileWalking(repo, reader, tips, excludes, sink);
        return;
      }
      listed.set(null);
      Map<String, ObjectId> tips = Tips.starts(repo, scope.refs(), unreadable);
      PhaseTrace.mark("history: repository opened, refs resolved");
      // A whole-history scan reads nearly every object in the pack; an incremental or excluding one
      // may read
      // few, so it gets no prefetch.
      try (PackPrefetch prefetch =
          excludes.isEmpty() && PREFETCH ? PackPrefetch.start(repo, maxFileSize) : null) {
        IntroductionIndex index =
            IntroductionIndex.build(repository, reader, tips, excludes, sink, progress, prefetch);
        if (prefetch != null) {
          prefetch.stop();
        }
        PhaseTrace.mark("history: introduction walk (" + progress.commits.get() + " commits)");
        readAll(repo, reader, index, tips, prefetch, sink);
      }
    }
  }

  /** A blob the walk has just met for the first time, and where. */
  private record Met(ObjectId id, Provenance.Git first) {}

  private static final Met WALK_DONE = new Met(ObjectId.zeroId(), null);

  /**
   * Scan first, attribute after: the introduction walk runs on a thread of its own and hands each
   * blob it meets for the first time to this thread, which reads it (each batch in pack order) and
   * hands it to the sink to be scanned at once; the blob's other places are added as the walk finds
   * them, and the sink places its findings once this method has returned. Blobs over the size limit
   * wait for the walk, so that their windows are filtered at every place.
   */
  private void scanWhileWalking(
      Repository repo,
      ObjectReader reader,
      IntroductionIndex.TipSource tips,
      List<ObjectId> excludes,
      Sink sink)
      throws IOException {
    BlockingQueue<Met> met = new LinkedBlockingQueue<>();
    CompletableFuture<IntroductionIndex> walked = new CompletableFuture<>();
    // Read by the sink only after this method returns, when the walk is over.
    AtomicReference<Map<ObjectId, List<Provenance>>> places = new AtomicReference<>();
    try (PackPrefetch prefetch =
        excludes.isEmpty() && PREFETCH ? PackPrefetch.onDemand(repo, maxFileSize) : null) {
      if (prefetch != null && "always".equals(PREFETCH_MODE)) {
        prefetch.begin();
      }
      Thread walk =
          new Thread(
              () -> {
                try (ObjectReader own = repo.newObjectReader()) {
                  walked.complete(
                      IntroductionIndex.build(
                          repository,
                          own,
                          tips,
                          excludes,
                          sink,
                          progress,
                          prefetch,
                          (id, first) -> met.add(new Met(id, first))));
                } catch (RuntimeException | Error e) {
                  walked.completeExceptionally(e);
                } finally {
                  met.add(WALK_DONE);
                }
              },
              "keyhound-history-walk");
      walk.setDaemon(true);
      walk.start();
      List<ObjectId> large = new ArrayList<>();
      List<Met> batch = new ArrayList<>();
      boolean done = false;
      try {
        while (!done) {
          batch.clear();
          batch.add(Uninterruptibly.take(met));
          met.drainTo(batch);
          if (batch.get(batch.size() - 1) == WALK_DONE) {
            done = true;
            batch.remove(batch.size() - 1);
          }
          Map<ObjectId, Met> byId = new HashMap<>();
          batch.forEach(m -> byId.put(m.id(), m));
          for (ObjectId id : PackOrder.sort(repo.getObjectDatabase(), byId.keySet())) {
            readBeforeAttribution(reader, byId.get(id), large, places, sink);
          }
        }
      } finally {
        if (!done) {
          // Failing out of the loop: let the walk end before the repository it reads is closed.
          walked.exceptionally(e -> null).join();
        }
      }
      IntroductionIndex index;
      try {
        index = Futures.join(walked);
      } catch (UncheckedIOException e) {
        throw e.getCause(); // the refs could not be read: the history as a whole cannot be
      }
      scannedTips = Map.copyOf(index.tips());
      if (prefetch != null) {
        prefetch.stop();
      }
      PhaseTrace.mark(
          "history: introduction walk ("
              + progress.commits.get()
              + " commits), blobs read with it"
              + (prefetch == null
                  ? ""
                  : prefetch.begun()
                      ? "; prefetched trees dropped: " + prefetch.dropped()
                      : "; no prefetch (tree reads fast)"));
      Map<ObjectId, List<Provenance>> blobs = index.byBlob();
      places.set(blobs);
      // Blobs earlier incremental runs found that this walk did not meet are read now, with all
      // their places; those it met get their earlier places added.
      List<ObjectId> extra = new ArrayList<>();
      carried.forEach(
          (blobId, provs) -> {
            ObjectId id = ObjectId.fromString(blobId);
            List<Provenance> known = blobs.get(id);
            if (known == null) {
              known = new ArrayList<>();
              blobs.put(id, known);
              extra.add(id);
            }
            List<Provenance> k = known;
            provs.stream().filter(p -> !k.contains(p)).forEach(k::add);
          });
      if (scope.worktree() && !repo.isBare()) {
        WorktreeFiles.emit(repo, blobs, maxFileSize, sink);
      }
      progress.blobsTotal.set(blobs.size());
      for (ObjectId id : PackOrder.sort(repo.getObjectDatabase(), extra)) {
        read(reader, id, blobs.get(id), null, sink);
      }
      for (ObjectId id : large) {
        read(reader, id, blobs.get(id), null, sink);
      }
      PhaseTrace.mark("history: blobs read and queued");
    }
  }

  /** Reads one blob the walk has just met and hands it on before its other places are known. */
  private void readBeforeAttribution(
      ObjectReader reader,
      Met m,
      List<ObjectId> large,
      AtomicReference<Map<ObjectId, List<Provenance>>> places,
      Sink sink) {
    try {
      ObjectLoader loader = reader.open(m.id(), Constants.OBJ_BLOB);
      long size = loader.getSize();
      if (size > maxFileSize) {
        large.add(m.id());
        return; // read after the walk, with every place, and counted then
      }
      byte[] bytes = loader.getCachedBytes((int) Math.min(maxFileSize, Integer.MAX_VALUE - 8));
      ObjectId id = m.id();
      sink.acceptUnattributed(
          new Blob(id.name(), bytes), m.first(), () -> List.copyOf(places.get().get(id)));
      progress.bytesRead.addAndGet(size);
    } catch (MissingObjectException e) {
      sink.skipped(
          new Skipped(
              describe(m.first()), Skipped.Reason.UNREADABLE, "missing blob " + m.id().name()));
    } catch (IOException | RuntimeException e) {
      sink.skipped(
          new Skipped(
              describe(m.first()),
              Skipped.Reason.CORRUPT,
              "blob " + m.id().name() + ": " + e.getMessage()));
    }
    progress.blobsRead.incrementAndGet();
  }

  private void readAll(
      Repository repo,
      ObjectReader reader,
      IntroductionIndex index,
      Map<String, ObjectId> tips,
      PackPrefetch prefetch,
      Sink sink)
      throws IOException {
    scannedTips = Map.copyOf(tips);
    Map<ObjectId, List<Provenance>> blobs = index.byBlob();
    carried.forEach(
        (blobId, provs) -> {
          List<Provenance> known =
              blobs.computeIfAbsent(ObjectId.fromString(blobId), k -> new ArrayList<>());
          provs.stream().filter(p -> !known.contains(p)).forEach(known::add);
        });
    if (scope.worktree() && !repo.isBare()) {
      WorktreeFiles.emit(repo, blobs, maxFileSize, sink);
    }
    progress.blobsTotal.set(blobs.size());
    List<ObjectId> order = PackOrder.sort(repo.getObjectDatabase(), blobs.keySet());
    PhaseTrace.mark("history: " + order.size() + " blobs sorted in pack order");
    for (ObjectId id : order) {
      read(reader, id, blobs.remove(id), prefetch, sink);
    }
    PhaseTrace.mark("history: blobs read and queued");
  }

  private void read(
      ObjectReader reader, ObjectId id, List<Provenance> provs, PackPrefetch prefetch, Sink sink) {
    String where = describe(provs.get(0));
    try {
      byte[] ready = prefetch == null ? null : prefetch.takeBlob(id);
      if (ready != null) {
        sink.accept(new SourceItem(new Blob(id.name(), ready), provs));
        progress.bytesRead.addAndGet(ready.length);
        return;
      }
      ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
      long size = loader.getSize();
      if (size > maxFileSize) {
        // Too large to hold: streamed, in windows, by the sink, on this thread (the reader's).
        sink.acceptLarge(
            new LargeFile(size, provs, () -> reader.open(id).openStream()), maxFileSize);
        progress.bytesRead.addAndGet(size);
        return;
      }
      byte[] bytes = loader.getCachedBytes((int) Math.min(maxFileSize, Integer.MAX_VALUE - 8));
      sink.accept(new SourceItem(new Blob(id.name(), bytes), provs));
      progress.bytesRead.addAndGet(size);
    } catch (MissingObjectException e) {
      sink.skipped(new Skipped(where, Skipped.Reason.UNREADABLE, "missing blob " + id.name()));
    } catch (IOException | RuntimeException e) {
      sink.skipped(
          new Skipped(where, Skipped.Reason.CORRUPT, "blob " + id.name() + ": " + e.getMessage()));
    } finally {
      progress.blobsRead.incrementAndGet();
    }
  }

  private static String describe(Provenance p) {
    return p.commit() == null ? p.path() : p.path() + "@" + p.commit().substring(0, 12);
  }
}
