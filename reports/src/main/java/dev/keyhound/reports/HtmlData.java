package dev.keyhound.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyhound.remediation.FindingStatus;
import dev.keyhound.scanner.Finding;
import dev.keyhound.scanner.Occurrence;
import dev.keyhound.scanner.Printable;
import dev.keyhound.scanner.Provenance;
import dev.keyhound.scanner.ScanResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The data the HTML page draws: findings with their occurrences (redacted values only, whatever
 * {@code --show-secrets} says) and the summary counts, computed here so the page's script only
 * draws them.
 */
final class HtmlData {
  /** Age buckets of the introducing commit, youngest first. */
  static final List<String> AGES =
      List.of("< 7 days", "7-30 days", "1-6 months", "6-12 months", "> 1 year", "not in history");

  /** Bars a chart shows before the rest is summed as "other". */
  static final int TOP = 10;

  private HtmlData() {}

  static ObjectNode build(ObjectMapper mapper, Report report) {
    ScanResult scan = report.scan();
    ObjectNode root = mapper.createObjectNode();
    root.put("tool", report.toolName());
    root.put("version", report.toolVersion());
    root.put("generatedAt", report.generatedAt().toString());
    ArrayNode targets = root.putArray("targets");
    scan.targets().forEach(t -> targets.add(Printable.escape(t)));
    root.put("filesScanned", scan.filesScanned());
    root.put("bytesScanned", scan.bytesScanned());
    root.put("durationMs", scan.durationMs());
    root.put("unreadable", scan.skipped().stream().filter(s -> s.reason().isError()).count());
    ArrayNode findings = root.putArray("findings");
    for (Finding f : scan.findings()) {
      findings.add(finding(mapper, report, f));
    }
    ObjectNode summary = root.putObject("summary");
    summary.set("byRule", count(mapper, scan.findings(), Finding::ruleId, List.of()));
    summary.set(
        "byRepository", count(mapper, scan.findings(), f -> repository(scan, f), List.of()));
    summary.set(
        "byVerification",
        count(
            mapper,
            scan.findings(),
            f -> verification(report, f),
            List.of("active", "inactive", "unknown", "not verified")));
    summary.set(
        "byRemediation", count(mapper, scan.findings(), f -> remediation(report, f), List.of()));
    summary.set(
        "byAge",
        count(mapper, scan.findings(), f -> age(report.generatedAt(), introduced(f)), AGES));
    // Only a report from the ledger has a history; a scan's page stays as it was.
    if (!report.trend().isEmpty()) {
      ArrayNode trend = root.putArray("trend");
      report
          .trend()
          .forEach(
              p -> trend.addObject().put("at", p.at().toString()).put("open", p.openLiveKeys()));
    }
    return root;
  }

  private static ObjectNode finding(ObjectMapper mapper, Report report, Finding f) {
    ObjectNode n = mapper.createObjectNode();
    n.put("id", f.id());
    n.put("rule", Printable.escape(f.ruleId()));
    n.put("description", Printable.escape(f.description()));
    n.put("redacted", Printable.escape(f.redacted()));
    n.put("lowConfidence", Boolean.FALSE.equals(f.checksumValid()));
    n.put("verification", verification(report, f));
    n.put("remediation", remediation(report, f));
    FindingStatus status = report.status(f.id());
    if (status != null && status.ownerText() != null) {
      n.put("owner", Printable.escape(status.ownerText()));
      ArrayNode permissions = n.putArray("permissions");
      status.permissions().forEach(p -> permissions.add(Printable.escape(p)));
    }
    n.put("repository", Printable.escape(repository(report.scan(), f)));
    Instant introduced = introduced(f);
    n.put("introduced", introduced == null ? null : introduced.toString());
    n.put("age", age(report.generatedAt(), introduced));
    ArrayNode occurrences = n.putArray("occurrences");
    for (Occurrence o : f.occurrences()) {
      ObjectNode on = occurrences.addObject();
      on.put("path", Printable.escape(o.provenance().path()));
      on.put("line", o.line());
      on.put("column", o.column());
      on.put("source", Places.source(o));
      Provenance.Git git = Places.git(o);
      on.put("commit", git == null ? null : git.commit());
    }
    return n;
  }

  /**
   * Counts findings by a key; the given order first (zero counts kept), then the rest by count and
   * name.
   */
  private static ArrayNode count(
      ObjectMapper mapper,
      List<Finding> findings,
      Function<Finding, String> key,
      List<String> fixedOrder) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    fixedOrder.forEach(k -> counts.put(k, 0));
    for (Finding f : findings) {
      counts.merge(key.apply(f), 1, Integer::sum);
    }
    List<Map.Entry<String, Integer>> sorted =
        counts.entrySet().stream()
            .sorted(
                (a, b) -> {
                  int ia = fixedOrder.indexOf(a.getKey());
                  int ib = fixedOrder.indexOf(b.getKey());
                  if (ia >= 0 || ib >= 0) {
                    return Integer.compare(
                        ia < 0 ? Integer.MAX_VALUE : ia, ib < 0 ? Integer.MAX_VALUE : ib);
                  }
                  int c = Integer.compare(b.getValue(), a.getValue());
                  return c != 0 ? c : a.getKey().compareTo(b.getKey());
                })
            .toList();
    ArrayNode out = mapper.createArrayNode();
    // A chart of every rule pushed the table off the screen (90 rows for 403 findings): the top
    // ten, then the rest in one bar.
    int shown = sorted.size() > TOP + 1 && fixedOrder.isEmpty() ? TOP : sorted.size();
    for (Map.Entry<String, Integer> e : sorted.subList(0, shown)) {
      out.addObject().put("label", Printable.escape(e.getKey())).put("count", e.getValue());
    }
    if (shown < sorted.size()) {
      List<Map.Entry<String, Integer>> rest = sorted.subList(shown, sorted.size());
      out.addObject()
          .put("label", "other (" + rest.size() + ")")
          .put("count", rest.stream().mapToInt(Map.Entry::getValue).sum())
          .put("other", true);
    }
    return out;
  }

  private static String verification(Report report, Finding f) {
    FindingStatus s = report.status(f.id());
    return s == null || s.verification() == null ? "not verified" : s.verification();
  }

  private static String remediation(Report report, Finding f) {
    FindingStatus s = report.status(f.id());
    return s == null || s.state() == null ? "none" : s.state();
  }

  /** The repository a history finding came from; for plain files, the working tree scanned. */
  private static String repository(ScanResult scan, Finding f) {
    return f.occurrences().stream()
        .map(Places::git)
        .filter(Objects::nonNull)
        .map(Provenance.Git::repository)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(
            scan.targets().size() == 1 ? "working tree " + scan.targets().get(0) : "working trees");
  }

  /**
   * The date of the earliest commit that carries the secret, or null when it was not seen in
   * history.
   */
  static Instant introduced(Finding f) {
    return f.occurrences().stream()
        .map(Places::git)
        .filter(Objects::nonNull)
        .map(Provenance.Git::date)
        .filter(Objects::nonNull)
        .min(Instant::compareTo)
        .orElse(null);
  }

  static String age(Instant now, Instant introduced) {
    if (introduced == null) {
      return AGES.get(5);
    }
    long days = Duration.between(introduced, now).toDays();
    return days < 7
        ? AGES.get(0)
        : days < 30
            ? AGES.get(1)
            : days < 182 ? AGES.get(2) : days < 365 ? AGES.get(3) : AGES.get(4);
  }
}
