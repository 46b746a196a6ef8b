package dev.keyhound.scanner;

import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.detect.Candidate;
import dev.keyhound.scanner.detect.CandidateFilter;
import dev.keyhound.scanner.detect.Detector;
import dev.keyhound.scanner.detect.Detectors;
import dev.keyhound.scanner.detect.MostSpecific;
import dev.keyhound.scanner.extract.ContentExtractor;
import dev.keyhound.scanner.extract.CoreLending;
import dev.keyhound.scanner.extract.ExtractionLimits;
import dev.keyhound.scanner.extract.Extractors;
import dev.keyhound.scanner.extract.Segment;
import dev.keyhound.scanner.extract.TransientSegments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs sources through extraction, detection and per-provenance filtering on a pool of threads,
 * scanning each unique blob once, and groups what it finds into one {@link Finding} per distinct
 * secret.
 */
public final class Scanner {
  /** Tells a worker that the sources are done. */
  private static final Runnable POISON = () -> {};

  /**
   * One blob for a worker: with all its places, or ({@code later} not null) with its first place
   * only, the others known when the sources are done, or ({@code content} not null) the first file
   * read with its content, whose twins are placed with it.
   */
  private record Task(
      SourceItem item, Supplier<List<Provenance>> later, IdenticalFiles.Content content) {
    Task(SourceItem item, Supplier<List<Provenance>> later) {
      this(item, later, null);
    }
  }

  /**
   * A blob scanned before its places were known, already placed at its first place ({@code first}):
   * placed at the others once the sources are done. The path rules of those places are run then
   * too, unless {@code pathRulesRun} (a file's twins: run when each was read).
   */
  private record Pending(
      String blobId,
      List<Hit> hits,
      Provenance first,
      Supplier<List<Provenance>> places,
      boolean pathRulesRun) {}

  /**
   * What detection found in one segment of a blob (the segment's text is not kept): enough to place
   * each candidate at each provenance later.
   */
  private record Hit(
      String member, Integer page, Integer cell, Segment.Origin encodedAt, List<Candidate> found) {}

  private final RuleSet rules;
  private final ScanOptions options;
  private final Fingerprinter fingerprinter;
  private final ContentExtractor extractor;
  private final Detector detector;
  private final CandidateFilter filter;
  private final MostSpecific mostSpecific;
  private final List<Rule> pathOnlyRules;

  public Scanner(
      RuleSet rules,
      ScanOptions options,
      Fingerprinter fingerprinter,
      ContentExtractor extractor,
      Detector detector) {
    this.rules = rules;
    this.options = options;
    this.fingerprinter = fingerprinter;
    this.extractor = extractor;
    this.detector = detector;
    this.filter = new CandidateFilter(rules);
    this.mostSpecific = new MostSpecific(rules);
    this.pathOnlyRules = rules.rules().stream().filter(r -> !r.hasRegex()).toList();
  }

  /**
   * A scanner with the default detector and extraction (archives, documents, notebooks, encoded
   * values) at its default limits.
   */
  public static Scanner create(RuleSet rules, ScanOptions options, Fingerprinter fingerprinter) {
    return create(
        rules,
        options,
        fingerprinter,
        Extractors.create(ExtractionLimits.defaults(options.maxFileSize())));
  }

  /**
   * A scanner with the default detector and the given extraction; the detector is built in the
   * background while the sources start reading.
   */
  public static Scanner create(
      RuleSet rules, ScanOptions options, Fingerprinter fingerprinter, ContentExtractor extractor) {
    return new Scanner(
        rules,
        options,
        fingerprinter,
        extractor,
        Detectors.createInBackground(rules, options.detector()));
  }

  /**
   * A scanner for an input of about {@code expectedBytes} (a staged change): the detector is chosen
   * for that size (see {@link Detectors#create(RuleSet, DetectorOptions, long)}), so a pre-commit
   * check starts at once.
   */
  public static Scanner createForInputOf(
      long expectedBytes, RuleSet rules, ScanOptions options, Fingerprinter fingerprinter) {
    return new Scanner(
        rules,
        options,
        fingerprinter,
        Extractors.create(ExtractionLimits.defaults(options.maxFileSize())),
        Detectors.create(rules, options.detector(), expectedBytes));
  }

  /** Scans the sources (in order, each read by one thread) and returns every finding, sorted. */
  public ScanResult scan(List<String> targets, List<Source> sources) {
    return scan(targets, sources, new ScanProgress());
  }

  /** As {@link #scan(List, List)}, counting files and bytes in {@code progress} as it goes. */
  public ScanResult scan(List<String> targets, List<Source> sources, ScanProgress progress) {
    long started = System.nanoTime();
    Run run = new Run(progress);
    // Work for the threads: a blob to scan, or a file to read and then scan (so that reading runs
    // on all threads while the source walks its directory).
    BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(Math.max(4, options.threads() * 4));
    // The queue bounds blobs by number; this bounds their bytes, until each is scanned.
    BytesInFlight inFlight = BytesInFlight.forThreads(options.threads());
    List<Thread> workers = new ArrayList<>();
    // A worker waiting on a document hands queued tasks to a spare meanwhile (see CoreLending).
    SpareWorkers spares = new SpareWorkers(options.threads(), queue, POISON);
    for (int i = 0; i < options.threads(); i++) {
      Thread t =
          new Thread(
              () -> {
                CoreLending.lendWith(spares.lender());
                work(queue);
              },
              "keyhound-scan-" + i);
      t.setDaemon(true);
      t.start();
      workers.add(t);
    }
    Source.Sink onWorker = sink(run, task -> processSafely(task, run), null);
    WorkBatches batches = new WorkBatches(queue);
    emitAll(
        sources,
        run,
        task -> {
          int bytes = task.item().blob().size();
          if (!inFlight.tryAcquire(bytes)) {
            // The batch's bytes come back only once the threads have it.
            batches.flush();
            inFlight.acquire(bytes);
          }
          batches.add(
              () -> {
                try {
                  processSafely(task, run);
                } finally {
                  inFlight.release(bytes);
                }
              },
              bytes);
        },
        (file, size, path) -> batches.add(() -> readSafely(file, size, path, onWorker, run), size));
    batches.flush();
    PhaseTrace.mark("sources emitted");
    for (int i = 0; i < workers.size(); i++) {
      Uninterruptibly.put(queue, POISON);
    }
    for (Thread t : workers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for scan threads", e);
      }
    }
    spares.finish();
    PhaseTrace.mark("detection finished");
    placePending(run);
    if (run.outOfMemory != null) {
      // Rethrown on the calling thread, where the command turns it into its own exit code.
      throw run.outOfMemory;
    }
    ScanResult result = result(targets, run, started);
    PhaseTrace.mark("findings assembled");
    return result;
  }

  /** Reads one file on a worker thread and scans it there. */
  private void readSafely(
      java.nio.file.Path file, long size, String path, Source.Sink onWorker, Run run) {
    if (run.outOfMemory != null) {
      return;
    }
    try {
      FileSource.read(file, size, path, options.maxFileSize(), onWorker);
    } catch (OutOfMemoryError e) {
      run.outOfMemory = e;
    } catch (RuntimeException | StackOverflowError e) {
      // A worker that died here would leave the queue undrained and the walk waiting for ever.
      run.skipped.add(
          new Skipped(
              path,
              Skipped.Reason.UNREADABLE,
              "internal error while reading: " + FileSource.message(new RuntimeException(e))));
    }
  }

  /** A file for a worker to read: where it is, its size as walked, and its reported path. */
  @FunctionalInterface
  private interface FileTask {
    void accept(java.nio.file.Path file, long size, String path);
  }

  /**
   * Runs every source into {@code onTask} and {@code onFile}; a source that fails as a whole is
   * reported, and the rest go on.
   */
  private void emitAll(List<Source> sources, Run run, Consumer<Task> onTask, FileTask onFile) {
    Source.Sink sink = sink(run, onTask, onFile);
    for (Source source : sources) {
      try {
        source.emit(sink);
      } catch (java.io.IOException | RuntimeException e) {
        run.skipped.add(
            new Skipped(source.describe(), Skipped.Reason.UNREADABLE, FileSource.message(e)));
      }
    }
  }

  /**
   * The sink that scans what it is given: blobs through {@code onTask}, files through {@code
   * onFile} (null: read on the calling thread), large files in windows on the calling thread.
   */
  private Source.Sink sink(Run run, Consumer<Task> onTask, FileTask onFile) {
    return new Source.Sink() {
      @Override
      public void accept(SourceItem item) {
        onTask.accept(new Task(item, null));
      }

      @Override
      public boolean attributesLater() {
        return true;
      }

      @Override
      public void acceptUnattributed(Blob blob, Provenance first, Supplier<List<Provenance>> all) {
        onTask.accept(new Task(new SourceItem(blob, List.of(first)), all));
      }

      @Override
      public void acceptFileBytes(java.nio.file.Path file, byte[] bytes, Provenance.File place) {
        SourceItem item = new SourceItem(Blob.of(bytes), List.of(place));
        IdenticalFiles.Content content = run.identical.join(file, bytes, place);
        if (content == null) {
          onTask.accept(new Task(item, null));
        } else if (content.first() == place) {
          onTask.accept(new Task(item, null, content));
        } else {
          twin(place, bytes, run);
        }
      }

      @Override
      public void acceptFile(java.nio.file.Path file, long size, String path, long maxFileSize) {
        if (onFile == null) {
          Source.Sink.super.acceptFile(file, size, path, maxFileSize);
        } else {
          onFile.accept(file, size, path);
        }
      }

      @Override
      public void acceptLarge(LargeFile large, long maxFileSize) {
        scanLarge(large, run);
      }

      @Override
      public void skipped(Skipped s) {
        run.skipped.add(s);
      }
    };
  }

  private ScanResult result(List<String> targets, Run run, long started) {
    long ms = (System.nanoTime() - started) / 1_000_000;
    detector.scanEnded();
    return new ScanResult(
        targets,
        run.files.get(),
        run.bytes.get(),
        ms,
        run.findings(fingerprinter),
        sortedSkips(run.skipped));
  }

  private static void work(BlockingQueue<Runnable> queue) {
    while (true) {
      Runnable item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == POISON) {
        return;
      }
      item.run();
    }
  }

  private void processSafely(Task task, Run run) {
    if (run.outOfMemory != null) {
      return; // the scan is lost: drain the queue so the source does not wait for ever
    }
    SourceItem item = task.item();
    try {
      if (task.content() != null) {
        processFirstOfContent(item, task.content(), run);
      } else if (task.later() == null) {
        process(item, run);
      } else {
        // The first place is final already: placed here, on the worker, while the walk runs. Each
        // place is placed on its own (see attribute), so only the others wait for the walk; and
        // the first placement's one-off costs (the HMAC, the filters, string concatenation's
        // bootstrap: 50-200 ms) are no longer paid on the scan's serial tail.
        Provenance first = item.provenances().get(0);
        List<Hit> hits = detect(item.blob(), first.path(), run);
        if (!pathOnlyRules.isEmpty() || !hits.isEmpty()) {
          // Queued first: should placing the first place fail, the others are still placed.
          run.pending.add(new Pending(item.blob().id(), hits, first, task.later(), false));
          pathRules(List.of(first), item.blob()::id, run);
          if (!hits.isEmpty()) {
            attribute(item.blob().id(), hits, List.of(first), run);
          }
        }
      }
    } catch (OutOfMemoryError e) {
      run.outOfMemory = e;
    } catch (RuntimeException | StackOverflowError e) {
      internalError(item.provenances().get(0).path(), e, run);
    }
  }

  /**
   * Scans the first file read with its content as {@link #process} does, noting what it skips for
   * the twins, and leaves its hits to be placed at the twins once the threads are done.
   */
  private void processFirstOfContent(SourceItem item, IdenticalFiles.Content content, Run run) {
    Blob blob = item.blob();
    Consumer<Skipped> skipped =
        s -> {
          run.skipped.add(s);
          content.skipped(s);
        };
    pathRules(item.provenances(), blob::id, run);
    List<Hit> hits;
    try {
      hits = detect(blob, content.first().path(), run, skipped);
    } catch (RuntimeException | StackOverflowError e) {
      internalError(content.first().path(), e, skipped);
      return;
    }
    if (!hits.isEmpty()) {
      run.pending.add(new Pending(blob.id(), hits, content.first(), content::twins, true));
      attribute(blob.id(), hits, item.provenances(), run);
    }
  }

  /**
   * A file whose content a file read before holds: counted as scanned, its path rules run now, and
   * its findings are that file's, placed here once the threads are done.
   */
  private void twin(Provenance.File place, byte[] bytes, Run run) {
    run.files.incrementAndGet();
    run.bytes.addAndGet(bytes.length);
    pathRules(List.of(place), Blob.of(bytes)::id, run);
  }

  private static void internalError(String location, Throwable e, Run run) {
    internalError(location, e, run.skipped::add);
  }

  private static void internalError(String location, Throwable e, Consumer<Skipped> skipped) {
    skipped.accept(
        new Skipped(
            location,
            Skipped.Reason.UNREADABLE,
            "internal error while scanning: " + FileSource.message(new RuntimeException(e))));
  }

  /**
   * Places what was found in blobs scanned before their places were known, now that the sources are
   * done and every place is: path rules and allowlists apply per place here, exactly as in {@link
   * #process}.
   */
  private void placePending(Run run) {
    run.identical.copySkips(run.skipped::add);
    for (Pending p : run.pending) {
      if (run.outOfMemory != null) {
        return;
      }
      List<Provenance> places = others(p.places().get(), p.first());
      if (places.isEmpty()) {
        continue;
      }
      try {
        if (!p.pathRulesRun()) {
          pathRules(places, p::blobId, run);
        }
        attribute(p.blobId(), p.hits(), places, run);
      } catch (OutOfMemoryError e) {
        run.outOfMemory = e;
      } catch (RuntimeException | StackOverflowError e) {
        internalError(places.get(0).path(), e, run);
      }
    }
    run.pending.clear();
  }

  /**
   * The places but {@code first}, which the worker placed when it scanned the blob. Found by
   * identity (a source hands the same instance to both), not equals, which would compute the refs
   * of every commit compared; not found, every place is placed again, which adds nothing twice.
   */
  private static List<Provenance> others(List<Provenance> places, Provenance first) {
    int at = -1;
    for (int i = 0; i < places.size() && at < 0; i++) {
      if (places.get(i) == first) {
        at = i;
      }
    }
    if (at < 0) {
      return places;
    }
    List<Provenance> out = new ArrayList<>(places.size() - 1);
    out.addAll(places.subList(0, at));
    out.addAll(places.subList(at + 1, places.size()));
    return out;
  }

  /**
   * Scans the sources on the calling thread, with the same result as {@link #scan}: for a few small
   * blobs (the staged files a pre-commit hook checks) starting and joining threads costs more than
   * it saves.
   */
  public ScanResult scanOnCallingThread(List<String> targets, List<Source> sources) {
    long started = System.nanoTime();
    Run run = new Run(new ScanProgress());
    emitAll(sources, run, task -> processSafely(task, run), null);
    placePending(run);
    if (run.outOfMemory != null) {
      throw run.outOfMemory;
    }
    return result(targets, run, started);
  }

  /**
   * Scans one item; public so that sources with their own threading (the pre-commit path) can reuse
   * it.
   */
  void process(SourceItem item, Run run) {
    Blob blob = item.blob();
    // A file's blob id is a digest of its bytes: computed only for a path rule or a finding.
    pathRules(item.provenances(), blob::id, run);
    List<Hit> hits = detect(blob, item.provenances().get(0).path(), run);
    if (!hits.isEmpty()) {
      attribute(blob.id(), hits, item.provenances(), run);
    }
  }

  /**
   * Extracts and detects one blob, named by {@code location} (its first place): what each segment
   * holds, before any per-place filter. A blob over the size limit is skipped (nothing found).
   */
  private List<Hit> detect(Blob blob, String location, Run run) {
    return detect(blob, location, run, run.skipped::add);
  }

  /** As {@link #detect(Blob, String, Run)}, reporting what it skips to {@code skipped}. */
  private List<Hit> detect(Blob blob, String location, Run run, Consumer<Skipped> skipped) {
    if (blob.size() > options.maxFileSize()) {
      skipped.accept(
          new Skipped(
              location,
              Skipped.Reason.TOO_LARGE,
              blob.size() + " bytes > --max-file-size " + options.maxFileSize()));
      return List.of();
    }
    run.files.incrementAndGet();
    run.bytes.addAndGet(blob.size());
    List<Hit> hits = new ArrayList<>();
    // The sink keeps no segment (an encoded run's place is resolved here): a decoded text's chars
    // come from a buffer this thread reuses.
    TransientSegments sink =
        segment -> {
          List<Candidate> found =
              detector.detect(segment.textIfMade(), segment.chars(), segment.length());
          if (!found.isEmpty()) {
            // An encoded run's place is counted now, on this thread, which then lets go of the
            // enclosing text.
            Segment.Origin at = segment.encodedAt();
            hits.add(
                new Hit(
                    segment.member(),
                    segment.page(),
                    segment.cell(),
                    at == null ? null : at.resolved(),
                    found));
          }
        };
    extractor.extract(blob, location, sink, skipped);
    return hits;
  }

  /** Places what detection found in one blob at each of its provenances, through the filters. */
  private void attribute(String blobId, List<Hit> hits, List<Provenance> provenances, Run run) {
    // What each rule found in plain text, by place and line: an encoded run's decoded copy of a
    // value that its rule already matched in encoded form is the same credential, not a second one.
    Map<String, List<String>> plain = new HashMap<>();
    for (Hit segment : hits) {
      for (Provenance p : provenances) {
        Provenance at =
            segment.member() == null ? p : new Provenance.ArchiveMember(p, segment.member());
        for (Candidate c : accepted(segment.found(), at)) {
          Segment.Origin enc = segment.encodedAt();
          String place = at.path() + '\0' + at.commit() + '\0' + c.rule().id() + '\0';
          String value = PercentDecoded.of(c.secret());
          if (enc == null) {
            plain.computeIfAbsent(place + c.line(), k -> new ArrayList<>()).add(value);
          } else if (plain.getOrDefault(place + enc.line(), List.of()).contains(value)) {
            continue;
          }
          Occurrence o =
              new Occurrence(
                  occurrenceId(c, blobId, at.path() + '\0' + at.commit() + placeInSegment(segment)),
                  at,
                  blobId,
                  enc == null ? c.line() : enc.line(),
                  enc == null ? c.column() : enc.column(),
                  segment.page(),
                  segment.cell());
          run.add(c.rule(), c.secret(), o, c.checksumValid(), c.entropy());
        }
      }
    }
  }

  /**
   * Scans a file or history blob over {@code --max-file-size} in windows (see {@link
   * WindowedScan}), as plain text: the limit still bounds what is decompressed or decoded, so
   * archives and encoded values inside it are not opened. Each window is detected once and its
   * candidates filtered at each of the content's provenances, as {@link #process} does. Runs on the
   * thread that read the file (a source's or a worker); memory stays within a window or two per
   * thread.
   */
  private void scanLarge(LargeFile large, Run run) {
    String where = where(large.provenance());
    int window = (int) Math.max(MIN_WINDOW, Math.min(options.maxFileSize(), MAX_WINDOW));
    record Kept(Candidate candidate, long charBase, Provenance at) {}
    List<Kept> kept = new ArrayList<>();
    WindowedScan.Outcome outcome;
    try {
      outcome =
          new WindowedScan(window, window / 4)
              .scan(
                  large,
                  (text, owned, lineBase, charBase) -> {
                    List<Candidate> found = detector.detect(text);
                    if (found.isEmpty()) {
                      return;
                    }
                    for (Provenance p : large.provenances()) {
                      for (Candidate c : accepted(found, p)) {
                        if (c.start() < owned) {
                          kept.add(new Kept(onLine(c, c.line() + lineBase), charBase, p));
                        }
                      }
                    }
                  });
    } catch (java.io.IOException | RuntimeException e) {
      run.skipped.add(new Skipped(where, Skipped.Reason.UNREADABLE, FileSource.message(e)));
      return;
    }
    if (outcome instanceof WindowedScan.Outcome.Binary) {
      run.skipped.add(
          new Skipped(
              where,
              Skipped.Reason.BINARY,
              large.size() + " bytes > --max-file-size " + options.maxFileSize()));
      return;
    }
    String blobId = ((WindowedScan.Outcome.Scanned) outcome).blobId();
    pathRules(large.provenances(), () -> blobId, run);
    run.files.incrementAndGet();
    run.bytes.addAndGet(large.size());
    for (Kept k : kept) {
      Candidate c = k.candidate();
      Provenance at = k.at();
      Occurrence o =
          new Occurrence(
              occurrenceId(c, blobId, at.path() + '\0' + at.commit() + "\0window@" + k.charBase()),
              at,
              blobId,
              c.line(),
              c.column());
      run.add(c.rule(), c.secret(), o, c.checksumValid(), c.entropy());
    }
  }

  /** A candidate's occurrence id: its finding, its blob, its span there and {@code place}. */
  private String occurrenceId(Candidate c, String blobId, String place) {
    String findingId = fingerprinter.findingId(c.rule().id(), c.secret());
    return fingerprinter.occurrenceId(findingId, blobId, c.start(), c.end(), place);
  }

  /** A provenance as skips name it: the path, and the commit's short id in a history. */
  private static String where(Provenance p) {
    return p.commit() == null ? p.path() : p.path() + "@" + p.commit().substring(0, 12);
  }

  /** Rules without a pattern fire on a path alone, whatever the content. */
  private void pathRules(List<Provenance> provenances, Supplier<String> blobIdOf, Run run) {
    if (pathOnlyRules.isEmpty()) {
      return;
    }
    for (Provenance p : provenances) {
      // A folder's files each come once (a history's paths come again in commit after commit).
      boolean again = !(p instanceof Provenance.File);
      for (Rule r : run.pathRulesAt(p.path(), pathOnlyRules, again)) {
        if (filter.acceptsPath(r, p.path(), p.commit())) {
          String blobId = blobIdOf.get();
          run.add(
              r,
              p.path(),
              new Occurrence(
                  fingerprinter.occurrenceId(r.id(), blobId, 0, 0, p.path()), p, blobId, 1, 1),
              null,
              0);
        }
      }
    }
  }

  /** Windows at least this large, so that tests with a tiny size limit still get real windows. */
  static final int MIN_WINDOW = 64 << 10;

  /** Windows at most this large: a window and its text must fit in a worker's share of memory. */
  static final int MAX_WINDOW = 16 << 20;

  private static Candidate onLine(Candidate c, int line) {
    return new Candidate(
        c.rule(),
        c.secret(),
        c.match(),
        c.start(),
        c.end(),
        line,
        c.column(),
        c.lineText(),
        c.entropy(),
        c.checksumValid());
  }

  /**
   * The candidates of one text that stand at this place: those the path and allowlists accept, then
   * one per value (the most specific rule's, see {@link MostSpecific}).
   */
  private List<Candidate> accepted(List<Candidate> found, Provenance at) {
    List<Candidate> accepted = new ArrayList<>(found.size());
    for (Candidate c : found) {
      if (filter.accepts(c, at.path(), at.commit())) {
        accepted.add(c);
      }
    }
    return mostSpecific.resolve(accepted, at.path());
  }

  /**
   * Page, cell and encoded run tell apart occurrences whose offsets are in different texts of one
   * blob.
   */
  private static String placeInSegment(Hit s) {
    if (s.page() == null && s.cell() == null && s.encodedAt() == null) {
      return "";
    }
    Segment.Origin e = s.encodedAt();
    return "\0"
        + s.page()
        + '\0'
        + s.cell()
        + '\0'
        + (e == null ? "" : e.line() + ":" + e.column());
  }

  private static List<Skipped> sortedSkips(List<Skipped> skipped) {
    List<Skipped> out = new ArrayList<>(skipped);
    out.sort(SKIP_ORDER);
    return out;
  }

  /** Skips by location, then reason (written out: see {@link Findings}). */
  private static final Comparator<Skipped> SKIP_ORDER =
      new Comparator<>() {
        @Override
        public int compare(Skipped a, Skipped b) {
          int c = a.location().compareTo(b.location());
          return c != 0 ? c : a.reason().name().compareTo(b.reason().name());
        }
      };

  /** The mutable state of one scan, shared by its threads. */
  static final class Run {
    final AtomicLong files;
    final AtomicLong bytes;
    final List<Skipped> skipped = Collections.synchronizedList(new ArrayList<>());
    final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    final IdenticalFiles identical = new IdenticalFiles();
    volatile OutOfMemoryError outOfMemory;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();

    /**
     * The path-only rules whose pattern finds in a path, by path: a history holds the same path in
     * thousands of commits, and the pattern, not the allowlists, is the cost of checking one.
     */
    private final Map<String, List<Rule>> pathRulesByPath = new ConcurrentHashMap<>();

    Run(ScanProgress progress) {
      this.files = progress.files;
      this.bytes = progress.bytes;
    }

    void add(Rule rule, String secret, Occurrence o, Boolean checksumValid, double entropy) {
      groups
          .computeIfAbsent(
              rule.id() + '\0' + secret, k -> new Group(rule, secret, checksumValid, entropy))
          .add(o);
    }

    /**
     * The rules among {@code pathOnly} whose path pattern finds in {@code path}, remembered if the
     * path may come {@code again}.
     */
    List<Rule> pathRulesAt(String path, List<Rule> pathOnly, boolean again) {
      List<Rule> known = again ? pathRulesByPath.get(path) : null;
      if (known != null) {
        return known;
      }
      List<Rule> out = new ArrayList<>(0);
      for (Rule r : pathOnly) {
        // (Not path().matcher: a file-ending regex, the usual path rule, is answered without one.)
        if (r.pathFinds(path)) {
          out.add(r);
        }
      }
      List<Rule> rules = out.isEmpty() ? List.of() : List.copyOf(out);
      // Remembering a path that comes once, or too many, would only hold memory.
      if (again && pathRulesByPath.size() < MAX_REMEMBERED_PATHS) {
        pathRulesByPath.put(path, rules);
      }
      return rules;
    }

    private static final int MAX_REMEMBERED_PATHS = 200_000;

    List<Finding> findings(Fingerprinter fp) {
      List<Finding> out = new ArrayList<>();
      for (Group g : groups.values()) {
        out.add(g.toFinding(fp));
      }
      out.sort(Findings.ORDER);
      return out;
    }
  }

  private static final class Group {
    final Rule rule;
    final String secret;
    final Boolean checksumValid;
    final double entropy;
    final Map<String, Occurrence> occurrences = new ConcurrentHashMap<>();

    Group(Rule rule, String secret, Boolean checksumValid, double entropy) {
      this.rule = rule;
      this.secret = secret;
      this.checksumValid = checksumValid;
      this.entropy = entropy;
    }

    void add(Occurrence o) {
      occurrences.putIfAbsent(o.id(), o);
    }

    Finding toFinding(Fingerprinter fp) {
      List<Occurrence> list = new ArrayList<>(occurrences.values());
      list.sort(Findings.OCCURRENCE_ORDER);
      return new Finding(
          fp.findingId(rule.id(), secret),
          rule.id(),
          rule.description(),
          secret,
          checksumValid,
          entropy,
          list);
    }
  }
}
