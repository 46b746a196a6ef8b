package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: table rows and SVG charts are drawn by its script, the filter
 * hides rows, and a screenshot lands in {@code target/html-report.png} for a person to look at.
 * Needs Debian's {@code chromium} ({@code .ci/run} installs it); skipped with a message where it is
 * missing.
 */
class HtmlReportBrowserTest {
  private static final Path OUT = Path.of("target", "html-report");
  private static final Pattern ROW = Pattern.compile("<tr class=\"finding\"[^>]*>");
  @TempDir static Path profile;
  private static HeadlessChromium chromium;
  private static String url;

  @BeforeAll
  static void writePage() throws IOException {
    Path binary = HeadlessChromium.find();
    assumeTrue(
        binary != null,
        "chromium is not installed (apt-get install -y chromium); skipping browser test");
    chromium = new HeadlessChromium(binary, profile);
    Files.createDirectories(OUT);
    Path page = OUT.resolve("report.html");
    try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
      new HtmlReport().write(ReportFixture.report(), w);
    }
    url = page.toAbsolutePath().toUri().toString();
  }

  @Test
  void page_drawsOneRowPerFindingAndFiveCharts() throws Exception {
    String dom = chromium.dumpDom(url);
    assertEquals(4, count(dom, false), "visible rows");
    assertEquals(5, count(dom, "data-chart=\""), "charts");
    assertTrue(count(dom, "class=\"bar\"") >= 10, "chart bars drawn as SVG rects");
    assertTrue(dom.contains("Showing 4 of 4 findings"), "row counter");
    assertTrue(dom.contains("&lt;img src=x onerror=alert(1)&gt;"), "hostile path shown as text");
  }

  @Test
  void filter_fromAddressHidesNonMatchingRows() throws Exception {
    String dom = chromium.dumpDom(url + "#filter=aws");
    assertEquals(1, count(dom, false), "visible rows");
    assertEquals(0, count(dom, true), "rows that do not match are not drawn at all");
    assertTrue(dom.contains("Showing 1 of 4 findings"));
  }

  @Test
  void filter_matchesOccurrencePathsAndStates() throws Exception {
    String dom = chromium.dumpDom(url + "#filter=" + "revoked%20deploy");
    assertEquals(1, count(dom, false), "only the revoked token seen in deploy/values.yaml");
  }

  @Test
  void sort_fromAddressOrdersRowsByColumn() throws Exception {
    String dom = chromium.dumpDom(url + "#sort=-introduced");
    Matcher m = Pattern.compile("<tr class=\"finding\" data-id=\"([0-9a-f]+)\"").matcher(dom);
    StringBuilder order = new StringBuilder();
    while (m.find()) {
      order.append(m.group(1), 0, 4).append(' ');
    }
    // Newest introducing commit first; findings never seen in history (no date) last.
    assertEquals("2a3b 0a1b ", order.substring(0, 10), order.toString());
    assertTrue(dom.contains("aria-sort=\"descending\""));
  }

  @Test
  void page_showsVerifiedKeysOwnerAndPermissions() throws Exception {
    String dom = chromium.dumpDom(url);
    assertTrue(dom.contains("owner organization org_42"), "owner of the verified key");
    assertTrue(dom.contains("permissions: deploy, billing:write"), "its permissions");
  }

  /**
   * 10,000 findings over 90 rules: the page opens with one page of rows, charts of the top ten and
   * "other", and records how long it took (printed, and kept in target/html-report-10k.txt).
   */
  @Test
  void tenThousandFindings_openWithOnePageOfRowsAndTopTenCharts() throws Exception {
    Path page = OUT.resolve("report-10k.html");
    try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
      new HtmlReport().write(ReportBench.report(10_000, 90), w);
    }
    long t0 = System.nanoTime();
    String dom = chromium.dumpDom(page.toAbsolutePath().toUri().toString());
    long wallMs = (System.nanoTime() - t0) / 1_000_000;

    Matcher rendered = Pattern.compile("data-rendered-ms=\"(\\d+)\"").matcher(dom);
    assertTrue(rendered.find(), "the page records when it was drawn");
    String figure =
        "10,000 findings: page drawn "
            + rendered.group(1)
            + " ms after navigation start; chromium --dump-dom wall "
            + wallMs
            + " ms (includes browser start)";
    System.out.println(figure);
    Files.writeString(Path.of("target", "html-report-10k.txt"), figure + "\n");
    assertEquals(100, count(dom, false), "one page of rows");
    assertTrue(dom.contains("Showing 10000 of 10000 findings"), "counter covers every finding");
    assertTrue(dom.contains("page 1 of 100"), "pager");
    String byRule =
        dom.substring(dom.indexOf("data-chart=\"rule\""), dom.indexOf("data-chart=\"repository\""));
    assertEquals(11, count(byRule, "class=\"bar\""), "top ten rules and one bar for the rest");
    assertTrue(byRule.contains("other (80)"), byRule);
  }

  @Test
  void screenshot_isSavedForReview() throws Exception {
    Path png = Path.of("target", "html-report.png");
    Files.deleteIfExists(png);
    chromium.screenshot(url, png, 1400, 1000);
    assertTrue(Files.size(png) > 10_000, "screenshot written: " + png.toAbsolutePath());
  }

  private static int count(String dom, boolean hidden) {
    Matcher m = ROW.matcher(dom);
    int n = 0;
    while (m.find()) {
      if (m.group().contains(" hidden") == hidden) {
        n++;
      }
    }
    return n;
  }

  private static int count(String dom, String needle) {
    return dom.split(Pattern.quote(needle), -1).length - 1;
  }
}
