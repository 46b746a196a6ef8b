package dev.keyhound.scanner.detect;

import com.google.re2j.Pattern;
import dev.keyhound.rules.Rule;
import dev.keyhound.rules.RuleException;
import dev.keyhound.rules.RuleLoader;
import dev.keyhound.rules.RuleSet;
import dev.keyhound.scanner.testing.SharedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * TEST-ONLY benchmark: how much of what gitleaks' default configuration finds the built-in pack
 * finds too. For each gitleaks rule it draws samples from the rule's own regex ({@link
 * RegexSampler}) and wraps the secrets gitleaks takes from them in the assignment templates
 * gitleaks' own rule tests use (INI, JSON, escaped JSON, XML, YAML, Go, Java, PHP, Python, CSV,
 * Makefile...), keeps the samples gitleaks' config really finds (keywords, entropy, allowlists
 * applied), and counts those where a built-in rule reports a value overlapping gitleaks' secret.
 * Run by {@code bench/rule-recall.sh}; prints recall per rule and overall.
 */
public final class RuleRecall {
  private static final int REGEX_SAMPLES = 20;
  private static final int SECRETS_FOR_TEMPLATES = 3;

  /** Assignment templates after gitleaks' own rule tests: {i} the identifier, {s} the secret. */
  static final List<String> TEMPLATES =
      List.of(
          "{i}Token=\"{s}\"",
          "{i}Token = \"{s}\"",
          "{i}Token={s}",
          "{i}Token = {s}",
          "{\n    \"{i}_token\": \"{s}\"\n}",
          "\\{\n    \\\"{i}_token\\\": \\\"{s}\\\"\n\\}",
          "<{i}Token>{s}</{i}Token>",
          "<{i}Token>\n    {s}\n</{i}Token>",
          "{i}_token: {s}",
          "{i}_token: '{s}'",
          "{i}_token: \"{s}\"",
          "{i}_token: |\n  {s}",
          "{i}_token: >\n  {s}",
          "string {i}Token = \"{s}\";",
          "var {i}Token string = \"{s}\"",
          "{i}Token := \"{s}\"",
          "{i}Token := `{s}`",
          "String {i}Token = \"{s}\";",
          "var {i}Token = \"{s}\"",
          "${i}Token .= \"{s}\"",
          "{i}Token = '{s}'",
          "{i}Token,{s},",
          "  \"{i}Token\" => \"{s}\"",
          "{I}_TOKEN = \"{s}\"",
          "{I}_TOKEN := \"{s}\"",
          "{I}_TOKEN ::= \"{s}\"",
          "{I}_TOKEN :::= \"{s}\"",
          "{I}_TOKEN ?= \"{s}\"",
          "{I}_TOKEN += \"{s}\"");

  private final RuleSet gitleaks;
  private final RuleSet builtin;
  private final Detector gitleaksDetector;
  private final Detector builtinDetector;
  private final Detector builtinLenient;
  private final CandidateFilter gitleaksFilter;
  private final CandidateFilter builtinFilter;

  RuleRecall(RuleSet gitleaks, RuleSet builtin) {
    this.gitleaks = gitleaks;
    this.builtin = builtin;
    this.gitleaksDetector = new NaiveDetector(gitleaks, DetectorOptions.DEFAULTS);
    this.builtinDetector = new NaiveDetector(builtin, DetectorOptions.DEFAULTS);
    this.builtinLenient = new NaiveDetector(builtin, new DetectorOptions(true));
    this.gitleaksFilter = new CandidateFilter(gitleaks);
    this.builtinFilter = new CandidateFilter(builtin);
  }

  /** One gitleaks rule's result. */
  record RuleResult(
      String gitleaksId,
      int samples,
      int found,
      int foundWithBadChecksums,
      int templateSamples,
      int templateFound,
      Map<String, Integer> byBuiltinRule) {
    double recall() {
      return samples == 0 ? Double.NaN : (double) found / samples;
    }
  }

  /** One sample: text, the path it is scanned as, and where gitleaks' secret lies. */
  record Sample(String text, String path, int start, int end, boolean fromTemplate) {}

  public static void main(String[] args) throws RuleException {
    String builtinToml = arg(args, "--builtin-toml", "");
    long seed = Long.parseLong(arg(args, "--seed", "42"));
    boolean verbose = List.of(args).contains("--misses");
    Pattern only = Pattern.compile(arg(args, "--rules", ".*"));
    RuleSet builtin =
        builtinToml.isEmpty() ? RuleLoader.builtin() : RuleLoader.load(Path.of(builtinToml));
    RuleRecall recall = new RuleRecall(SharedFiles.gitleaksRules(), builtin);
    List<RuleResult> results = recall.run(new Random(seed), verbose, only);
    print(results);
  }

  List<RuleResult> run(Random random, boolean printMisses, Pattern only) {
    List<RuleResult> out = new ArrayList<>();
    for (Rule rule : gitleaks.rules()) {
      if (!only.matcher(rule.id()).matches()) {
        continue;
      }
      if (rule.regex() == null) {
        continue; // path-only rules (pkcs12-file) have no content to sample
      }
      out.add(measure(rule, random, printMisses));
    }
    return out;
  }

  private RuleResult measure(Rule rule, Random random, boolean printMisses) {
    RegexSampler sampler = new RegexSampler(random);
    List<Sample> samples = new ArrayList<>();
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < REGEX_SAMPLES * 10 && samples.size() < REGEX_SAMPLES; i++) {
      String text = sampler.sample(rule.regex());
      if (!text.chars().allMatch(ch -> ch < 0x80)) {
        continue; // case folding can draw U+017F for s or U+212A for k: no real key holds them
      }
      String path = rule.path() == null ? "sample.txt" : samplePath(rule.path(), sampler);
      Candidate c = gitleaksFinds(rule, text, path);
      if (c != null) {
        samples.add(new Sample(text, path, c.start(), c.end(), false));
        if (secrets.size() < SECRETS_FOR_TEMPLATES && !c.secret().contains("\n")) {
          secrets.add(c.secret());
        }
      }
    }
    String identifier = identifier(rule);
    for (String secret : secrets) {
      for (String template : TEMPLATES) {
        String text =
            template
                .replace("{i}", identifier)
                .replace("{I}", identifier.toUpperCase(Locale.ROOT))
                .replace("{s}", secret);
        String path = samples.isEmpty() ? "sample.txt" : samples.get(0).path();
        Candidate c = gitleaksFinds(rule, text, path);
        if (c != null) {
          samples.add(new Sample(text, path, c.start(), c.end(), true));
        }
      }
    }
    int found = 0;
    int lenient = 0;
    int templates = 0;
    int templatesFound = 0;
    Map<String, Integer> by = new TreeMap<>();
    for (Sample s : samples) {
      String hit = builtinFinds(builtinDetector, s);
      templates += s.fromTemplate() ? 1 : 0;
      if (hit != null) {
        found++;
        templatesFound += s.fromTemplate() ? 1 : 0;
        lenient++;
        by.merge(hit, 1, Integer::sum);
      } else if (builtinFinds(builtinLenient, s) != null) {
        lenient++;
      } else if (printMisses) {
        System.out.println(
            (s.fromTemplate() ? "miss-template " : "miss-regex ")
                + rule.id()
                + ": "
                + s.text().replace("\n", "⏎").substring(0, Math.min(160, s.text().length())));
      }
    }
    return new RuleResult(rule.id(), samples.size(), found, lenient, templates, templatesFound, by);
  }

  private Candidate gitleaksFinds(Rule rule, String text, String path) {
    for (Candidate c : gitleaksDetector.detect(text)) {
      if (c.rule().id().equals(rule.id()) && gitleaksFilter.accepts(c, path, null)) {
        return c;
      }
    }
    return null;
  }

  /** The id of a built-in rule whose accepted candidate overlaps gitleaks' secret, or null. */
  private String builtinFinds(Detector detector, Sample s) {
    for (Candidate c : detector.detect(s.text())) {
      if (c.start() < s.end() && s.start() < c.end() && builtinFilter.accepts(c, s.path(), null)) {
        return c.rule().id();
      }
    }
    return null;
  }

  private static String samplePath(Pattern path, RegexSampler sampler) {
    for (int i = 0; i < 50; i++) {
      String p = sampler.sample(path).replaceAll("[\\n\\r\\t]", "");
      if (!p.isEmpty() && path.matcher(p).find()) {
        return p;
      }
    }
    return "sample.txt";
  }

  /** The word gitleaks' tests use as the variable name: the rule's first keyword, else its id. */
  private static String identifier(Rule rule) {
    for (String k : rule.keywords()) {
      if (k.matches("[a-z][a-z0-9]{2,}")) {
        return k;
      }
    }
    return rule.id().split("-")[0].replaceAll("[^a-z0-9]", "");
  }

  static void print(List<RuleResult> results) {
    System.out.printf(
        "%-48s %7s %7s %8s %9s %9s  %s%n",
        "gitleaks rule", "samples", "found", "recall", "+badsum", "templates", "found by");
    int samples = 0;
    int found = 0;
    int lenient = 0;
    int templates = 0;
    int templatesFound = 0;
    double sumRecall = 0;
    int rules = 0;
    int rulesAt95 = 0;
    for (RuleResult r : results) {
      System.out.printf(
          "%-48s %7d %7d %7.1f%% %8.1f%% %8.1f%%  %s%n",
          r.gitleaksId(),
          r.samples(),
          r.found(),
          100 * r.recall(),
          r.samples() == 0 ? Double.NaN : 100.0 * r.foundWithBadChecksums() / r.samples(),
          r.templateSamples() == 0 ? Double.NaN : 100.0 * r.templateFound() / r.templateSamples(),
          r.byBuiltinRule());
      if (r.samples() > 0) {
        samples += r.samples();
        found += r.found();
        lenient += r.foundWithBadChecksums();
        sumRecall += r.recall();
        rules++;
        rulesAt95 += r.recall() >= 0.95 ? 1 : 0;
        templates += r.templateSamples();
        templatesFound += r.templateFound();
      }
    }
    System.out.printf(
        "%nrules measured %d; mean per-rule recall %.1f%%; samples %d, found %d (%.1f%%),"
            + " %.1f%% counting bad-checksum values; rules at >=95%%: %d;"
            + " template samples %d, found %d (%.1f%%)%n",
        rules,
        100 * sumRecall / rules,
        samples,
        found,
        100.0 * found / samples,
        100.0 * lenient / samples,
        rulesAt95,
        templates,
        templatesFound,
        100.0 * templatesFound / templates);
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
