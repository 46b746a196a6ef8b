package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  private static final Pattern DATA =
      Pattern.compile(
          "<script type=\"application/json\" id=\"keyhound-data\">(.*?)</script>", Pattern.DOTALL);

  static String html(Report report) throws IOException {
    StringWriter out = new StringWriter();
    new HtmlReport().write(report, out);
    return out.toString();
  }

  @Test
  void html_cannotBeInjectedThroughAPath() throws IOException {
    String page = html(ReportFixture.report());
    assertFalse(page.contains("<img src=x"), "raw markup from a path reached the page");
    assertEquals(
        2, page.split("</script>", -1).length - 1, "only the page's two script elements may close");
  }

  @Test
  void html_embeddedDataParsesBackToTheSamePaths() throws IOException {
    Matcher m = DATA.matcher(html(ReportFixture.report()));
    assertTrue(m.find());
    JsonNode data = new ObjectMapper().readTree(m.group(1));
    assertEquals(4, data.path("findings").size());
    assertTrue(data.toString().contains(ReportFixture.HOSTILE_PATH));
  }

  @Test
  void html_neverCarriesRawSecretsEvenWhenShowSecretsIsOn() throws IOException {
    String page = html(ReportFixture.report(true));
    assertFalse(page.contains("AKIAIOSFODNN7EXAMPLE"));
    assertFalse(page.contains("sk_live_4f2Tq9XbLm0RzYw8KcVn3HdJs6PaEu1G0OY1e4"));
  }

  @Test
  void html_loadsNothingFromTheNetwork() throws IOException {
    String page = html(ReportFixture.report());
    assertTrue(page.contains("default-src 'none'"));
    assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find());
  }

  @Test
  void summary_countsFindingsByAgeOfIntroducingCommit() throws IOException {
    Matcher m = DATA.matcher(html(ReportFixture.report()));
    assertTrue(m.find());
    JsonNode ages = new ObjectMapper().readTree(m.group(1)).path("summary").path("byAge");
    assertEquals("< 7 days", ages.get(0).path("label").asText());
    assertEquals(1, ages.get(0).path("count").asInt());
    assertEquals("> 1 year", ages.get(4).path("label").asText());
    assertEquals(1, ages.get(4).path("count").asInt());
    assertEquals(2, ages.get(5).path("count").asInt());
  }
}
