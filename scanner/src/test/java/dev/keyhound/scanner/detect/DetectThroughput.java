package dev.keyhound.scanner.detect;

import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.BlobIds;
import dev.keyhound.scanner.testing.SharedFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * BENCHMARK (run by {@code bench/detect-throughput.sh}): single-threaded detection throughput, in
 * MB/s of UTF-8 text per core, of the naive and the fast detector, for the built-in pack and
 * gitleaks' default configuration, over the text blobs of a real git history and over JDK sources.
 * Both detectors' candidate counts are printed so a difference shows at once.
 */
public final class DetectThroughput {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private DetectThroughput() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(arg(args, "--git", "/root/.pyenv"));
    long mb = Long.parseLong(arg(args, "--mb", "20"));
    int runs = Integer.parseInt(arg(args, "--runs", "3"));
    Path gitleaks = Path.of(arg(args, "--gitleaks", SharedFiles.gitleaksToml().toString()));
    List<Corpus> corpora = new ArrayList<>();
    corpora.add(new Corpus("git blobs of " + repo.getFileName(), gitBlobs(repo, mb * 1_000_000)));
    Path versions = Path.of(arg(args, "--python-versions", "/root/.pyenv/versions"));
    if (Files.isDirectory(versions)) {
      corpora.add(
          new Corpus("CPython stdlib, 9 versions", uniqueFiles(versions, ".py", mb * 1_000_000)));
    }
    if (JdkSources.available()) {
      corpora.add(new Corpus("JDK src.zip", JdkSources.sample(1, mb * 1_000_000)));
    }
    // --builtin-toml measures a candidate rule pack (a rule file) in the built-in pack's place.
    String builtinToml = arg(args, "--builtin-toml", "");
    RuleSet builtin =
        builtinToml.isEmpty() ? RuleLoader.builtin() : RuleLoader.load(Path.of(builtinToml));
    List<RuleSet> sets = List.of(builtin, RuleLoader.load(gitleaks));
    System.out.printf(
        "%-34s %-22s %6s %-6s %10s %10s %10s%n",
        "corpus", "rules", "count", "engine", "MB/s/core", "cpu s", "candidates");
    for (Corpus c : corpora) {
      for (RuleSet rules : sets) {
        String name = rules == builtin ? "built-in" : "gitleaks.toml";
        Result fast = measure(new FastDetector(rules, DetectorOptions.DEFAULTS), c, runs);
        Result naive =
            measure(new NaiveDetector(rules, DetectorOptions.DEFAULTS), c, Math.min(runs, 2));
        for (Object[] row : List.of(new Object[] {"naive", naive}, new Object[] {"fast", fast})) {
          Result r = (Result) row[1];
          System.out.printf(
              "%-34s %-22s %6d %-6s %10.1f %10.2f %10d%n",
              c.name + " (" + c.megabytes() + " MB)",
              name,
              rules.rules().size(),
              row[0],
              c.bytes / 1e6 / r.seconds,
              r.seconds,
              r.candidates);
        }
        if (fast.candidates != naive.candidates) {
          System.out.println("  !! candidate counts differ");
        }
      }
    }
  }

  private record Corpus(String name, List<String> texts, long bytes) {
    Corpus(String name, List<String> texts) {
      this(
          name,
          texts,
          texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum());
    }

    String megabytes() {
      return String.format("%.1f", bytes / 1e6);
    }
  }

  private record Result(double seconds, long candidates) {}

  /**
   * Warm-up passes until the JIT has settled (at least 3 passes and 8 seconds, at most 12 passes),
   * then the best of {@code runs} timed passes. One pass is not enough: the first passes run at a
   * quarter of the speed. Time is this thread's CPU time, so other processes on a shared machine do
   * not count against the detector; "cpu s" is per pass.
   */
  private static Result measure(Detector d, Corpus c, int runs) {
    long candidates = 0;
    long warmStart = System.nanoTime();
    for (int i = 0; i < 12 && (i < 3 || System.nanoTime() - warmStart < 8_000_000_000L); i++) {
      candidates = pass(d, c.texts);
    }
    // A small corpus is passed over several times per timed run, so that each run lasts about a
    // second.
    long t0 = CPU.getCurrentThreadCpuTime();
    pass(d, c.texts);
    int repeat =
        (int) Math.max(1, Math.min(50, 1e9 / Math.max(1, CPU.getCurrentThreadCpuTime() - t0)));
    double best = Double.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      long t = CPU.getCurrentThreadCpuTime();
      for (int r = 0; r < repeat; r++) {
        pass(d, c.texts);
      }
      best = Math.min(best, (CPU.getCurrentThreadCpuTime() - t) / 1e9 / repeat);
    }
    return new Result(best, candidates);
  }

  private static long pass(Detector d, List<String> texts) {
    long n = 0;
    for (String t : texts) {
      n += d.detect(t).size();
    }
    return n;
  }

  /**
   * Text blobs (no NUL in their first 8000 bytes, 100 B to 1 MB) in object-id order, up to
   * maxBytes.
   */
  static List<String> gitBlobs(Path repo, long maxBytes) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "git",
                "-C",
                repo.toString(),
                "cat-file",
                "--batch-all-objects",
                "--batch-check=%(objectname) %(objecttype) %(objectsize)")
            .redirectErrorStream(true)
            .start();
    List<String> ids = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(" ");
        if (f.length == 3 && f[1].equals("blob")) {
          long size = Long.parseLong(f[2]);
          if (size >= 100 && size <= 1_000_000) {
            ids.add(f[0]);
          }
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IOException("git cat-file failed in " + repo);
    }
    List<String> out = new ArrayList<>();
    long taken = 0;
    try (Repository git = new FileRepositoryBuilder().findGitDir(repo.toFile()).build();
        ObjectReader reader = git.newObjectReader()) {
      for (String id : ids) {
        byte[] bytes = reader.open(ObjectId.fromString(id)).getBytes();
        boolean binary = false;
        for (int i = 0; i < Math.min(bytes.length, 8000) && !binary; i++) {
          binary = bytes[i] == 0;
        }
        if (binary) {
          continue;
        }
        out.add(new String(bytes, StandardCharsets.UTF_8));
        taken += bytes.length;
        if (taken >= maxBytes) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * Distinct contents of the files with this suffix under a directory, in path order, up to
   * maxBytes: the standard library of every installed Python version is the nearest thing here to
   * the blobs of a long Python history (the same files, version after version, each distinct
   * content once).
   */
  static List<String> uniqueFiles(Path dir, String suffix, long maxBytes) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(f -> f.toString().endsWith(suffix) && Files.isRegularFile(f))
              .sorted()
              .toList();
    }
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    long taken = 0;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length < 100 || bytes.length > 1_000_000 || !seen.add(BlobIds.gitBlobId(bytes))) {
        continue;
      }
      out.add(new String(bytes, StandardCharsets.UTF_8));
      taken += bytes.length;
      if (taken >= maxBytes) {
        break;
      }
    }
    return out;
  }

  private static String arg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return dflt;
  }
}
