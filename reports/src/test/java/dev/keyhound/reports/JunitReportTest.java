package dev.keyhound.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.keyhound.scanner.ScanResult;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class JunitReportTest {
  private static Document parse(Report report) throws Exception {
    StringWriter out = new StringWriter();
    new JunitReport().write(report, out);
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(out.toString())));
  }

  @Test
  void junit_writesOneFailedTestCasePerFinding() throws Exception {
    Document doc = parse(ReportFixture.report());
    NodeList failures = doc.getElementsByTagName("failure");
    assertEquals(4, failures.getLength());
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertEquals("4", suite.getAttribute("failures"));
    assertEquals("1", suite.getAttribute("errors"));
    Element aws = (Element) failures.item(2).getParentNode();
    assertEquals("keyhound.aws-access-key-id", aws.getAttribute("classname"));
    assertEquals(ReportFixture.COMMA_QUOTE_PATH, aws.getAttribute("file"));
  }

  @Test
  void junit_cleanScanIsOnePassingTest() throws Exception {
    Report clean =
        new Report(
            "keyhound",
            "1",
            new ScanResult(List.of("."), 3, 10, 5, List.of(), List.of()),
            Map.of(),
            false,
            ReportFixture.GENERATED_AT);
    Document doc = parse(clean);
    assertEquals(1, doc.getElementsByTagName("testcase").getLength());
    assertEquals(0, doc.getElementsByTagName("failure").getLength());
  }

  @Test
  void safe_replacesCharactersXmlCannotCarry() {
    assertEquals("a\uFFFDb\tc", JunitReport.safe("a\u0001b\tc"));
    assertTrue(JunitReport.safe("plain").equals("plain"));
  }
}
