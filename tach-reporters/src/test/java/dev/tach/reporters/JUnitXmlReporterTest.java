package dev.tach.reporters;

import static dev.tach.reporters.Runs.result;
import static dev.tach.reporters.Runs.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tach.api.CapturedOutput;
import dev.tach.api.RunEvent;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlReporterTest {
  @TempDir Path dir;

  private final Runs.Terminal terminal = new Runs.Terminal();

  private JUnitXmlReporter reporter(Path report) {
    return new JUnitXmlReporter(
        terminal.context(0, false, 0, Map.of(JUnitXmlReporter.PATH_OPTION, report.toString())));
  }

  private static Document parse(Path report) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
  }

  private static Element testcase(Document xml, String name) {
    NodeList cases = xml.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no testcase named " + name);
  }

  private static Element child(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    assertThat(nodes.getLength()).as("<%s> in %s", tag, parent.getAttribute("name")).isEqualTo(1);
    return (Element) nodes.item(0);
  }

  private Document runEveryKindOfResult() throws Exception {
    Path report = dir.resolve("report.xml");
    JUnitXmlReporter reporter = reporter(report);
    reporter.onEvent(new RunEvent.RunStarted(9, 2));
    reporter.onEvent(
        new RunEvent.CollectionError("tests/test_bad.py", "E   SyntaxError: invalid syntax"));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result("tests/test_a.py::TestX::test_y[1-2]", TestStatus.PASS, 12)));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result(
                "tests/test_b.py::test_z",
                TestStatus.FAIL,
                "AssertionError: assert 1 == 2",
                ">       assert 1 == 2\nE       assert 1 == 2",
                new CapturedOutput("printed\n", "warned\n", "", Map.of("stderr", 10L)))));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result("t.py::crash", TestStatus.CRASH, "killed by signal 11 (SIGSEGV)", "")));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result("t.py::slow", TestStatus.TIMEOUT, "timed out after 5s", "")));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result(
                "t.py::err",
                TestStatus.ERROR,
                "fixture 'db' not found",
                "E  fixture 'db' not found")));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result("t.py::lost", TestStatus.HARNESS_ERROR, "worker died", "")));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result("t.py::skip", TestStatus.SKIP, "Skipped: no network", "")));
    reporter.onEvent(
        new RunEvent.TestFinished(result("t.py::xf", TestStatus.XFAIL, "reason: bug 12", "")));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::xp", TestStatus.XPASS, "", "")));
    reporter.onEvent(new RunEvent.RunFinished(summary(2, 3, 2, 3, 1, 1, 1234)));
    reporter.close();
    return parse(report);
  }

  @Test
  void aMissingPathOptionIsAClearError() {
    assertThatThrownBy(() -> new JUnitXmlReporter(terminal.context(0, false, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("junit-xml.path");
  }

  @Test
  void suitesAndSuiteCarryTheCounts() throws Exception {
    Document xml = runEveryKindOfResult();
    Element suites = xml.getDocumentElement();
    Element suite = child(suites, "testsuite");

    assertThat(suites.getTagName()).isEqualTo("testsuites");
    for (Element e : new Element[] {suites, suite}) {
      assertThat(e.getAttribute("name")).isEqualTo("tach");
      assertThat(e.getAttribute("tests")).isEqualTo("10");
      assertThat(e.getAttribute("failures")).isEqualTo("3");
      assertThat(e.getAttribute("errors")).isEqualTo("3");
      assertThat(e.getAttribute("skipped")).isEqualTo("2");
      assertThat(e.getAttribute("time")).isEqualTo("1.234");
    }
    assertThat(suite.getAttribute("timestamp"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
    assertThat(suite.getAttribute("hostname")).isNotBlank();
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(10);
  }

  @Test
  void classnameAndNameAreSplitFromTheNodeIdAsPytestDoes() throws Exception {
    Document xml = runEveryKindOfResult();

    Element inClass = testcase(xml, "test_y[1-2]");
    assertThat(inClass.getAttribute("classname")).isEqualTo("tests.test_a.TestX");
    assertThat(inClass.getAttribute("file")).isEqualTo("tests/test_a.py");
    assertThat(inClass.getAttribute("time")).isEqualTo("0.012");
    assertThat(inClass.getChildNodes().getLength()).isZero();

    Element function = testcase(xml, "test_z");
    assertThat(function.getAttribute("classname")).isEqualTo("tests.test_b");
    assertThat(function.getAttribute("file")).isEqualTo("tests/test_b.py");
  }

  @Test
  void failuresErrorsAndSkipsHaveTheirElements() throws Exception {
    Document xml = runEveryKindOfResult();

    Element failure = child(testcase(xml, "test_z"), "failure");
    assertThat(failure.getAttribute("message")).isEqualTo("AssertionError: assert 1 == 2");
    assertThat(failure.getAttribute("type")).isEqualTo("fail");
    assertThat(failure.getTextContent()).isEqualTo(">       assert 1 == 2\nE       assert 1 == 2");
    assertThat(child(testcase(xml, "crash"), "failure").getAttribute("type")).isEqualTo("crash");
    assertThat(child(testcase(xml, "slow"), "failure").getAttribute("type")).isEqualTo("timeout");

    Element error = child(testcase(xml, "err"), "error");
    assertThat(error.getAttribute("message")).isEqualTo("fixture 'db' not found");
    assertThat(error.getTextContent()).isEqualTo("E  fixture 'db' not found");
    assertThat(child(testcase(xml, "lost"), "error").getAttribute("message"))
        .isEqualTo("worker died");

    Element skipped = child(testcase(xml, "skip"), "skipped");
    assertThat(skipped.getAttribute("type")).isEqualTo("pytest.skip");
    assertThat(skipped.getAttribute("message")).isEqualTo("no network");
    Element xfailed = child(testcase(xml, "xf"), "skipped");
    assertThat(xfailed.getAttribute("type")).isEqualTo("pytest.xfail");
    assertThat(xfailed.getAttribute("message")).isEqualTo("bug 12");
    assertThat(testcase(xml, "xp").getChildNodes().getLength()).isZero();
  }

  @Test
  void capturedOutputGoesToSystemOutAndSystemErr() throws Exception {
    Element failed = testcase(runEveryKindOfResult(), "test_z");
    assertThat(child(failed, "system-out").getTextContent()).isEqualTo("printed\n");
    assertThat(child(failed, "system-err").getTextContent())
        .isEqualTo("warned\n[\u2026 10 bytes cut \u2026]\n");
  }

  @Test
  void aCollectionErrorIsATestCaseWithAnError() throws Exception {
    Element bad = testcase(runEveryKindOfResult(), "tests.test_bad");
    assertThat(bad.getAttribute("classname")).isEmpty();
    assertThat(bad.getAttribute("file")).isEqualTo("tests/test_bad.py");
    Element error = child(bad, "error");
    assertThat(error.getAttribute("message")).isEqualTo("collection failure");
    assertThat(error.getTextContent()).isEqualTo("E   SyntaxError: invalid syntax");
  }

  @Test
  void controlCharactersAreMadeVisibleSoTheXmlStaysWellFormed() throws Exception {
    Path report = dir.resolve("report.xml");
    JUnitXmlReporter reporter = reporter(report);
    TestResult nasty =
        new TestResult(
            "t.py::test_nul[\u0001]",
            TestStatus.FAIL,
            Duration.ofMillis(1),
            "bad \u0000 byte & \u001b[31mred\u001b[0m <tag>",
            "tb \u0000\u0008\u000b\u000c\u001f\ufffe\uffff \ud800 lone, \ud83d\ude00 paired \"q\"",
            new CapturedOutput("\u001b[1mbold\n", "", "", Map.of()),
            1);
    reporter.onEvent(new RunEvent.TestFinished(nasty));
    reporter.onEvent(new RunEvent.RunFinished(summary(0, 1, 0, 0, 0, 0, 1)));

    Document xml = parse(report);
    Element testcase = testcase(xml, "test_nul[#x01]");
    Element failure = child(testcase, "failure");
    assertThat(failure.getAttribute("message"))
        .isEqualTo("bad #x00 byte & #x1B[31mred#x1B[0m <tag>");
    assertThat(failure.getTextContent())
        .isEqualTo("tb #x00#x08#x0B#x0C#x1F#xFFFE#xFFFF #xD800 lone, \ud83d\ude00 paired \"q\"");
    assertThat(child(testcase, "system-out").getTextContent()).isEqualTo("#x1B[1mbold\n");
  }

  @Test
  void theReportIsWrittenAtTheEndIntoNewDirectoriesAndReplacesTheOldOneWhole() throws Exception {
    Path report = dir.resolve("build/reports/junit.xml");
    JUnitXmlReporter reporter = reporter(report);
    reporter.onEvent(new RunEvent.RunStarted(1, 1));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::a", TestStatus.PASS, 1)));
    assertThat(report).doesNotExist();

    reporter.onEvent(new RunEvent.RunFinished(summary(1, 0, 0, 0, 0, 0, 5)));
    reporter.close();
    assertThat(report).exists();
    assertThat(parse(report).getDocumentElement().getAttribute("tests")).isEqualTo("1");

    Files.writeString(report, "old report");
    JUnitXmlReporter again = reporter(report);
    again.onEvent(new RunEvent.TestFinished(result("t.py::b", TestStatus.FAIL, 1)));
    again.onEvent(new RunEvent.RunFinished(summary(0, 1, 0, 0, 0, 0, 5)));
    again.close();

    assertThat(Files.readString(report)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    assertThat(parse(report).getDocumentElement().getAttribute("failures")).isEqualTo("1");
    try (Stream<Path> files = Files.list(report.getParent())) {
      assertThat(files).containsExactly(report);
    }
  }

  @Test
  void aRunThatEndsWithoutRunFinishedIsStillReportedOnClose() throws Exception {
    Path report = dir.resolve("report.xml");
    JUnitXmlReporter reporter = reporter(report);
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::a", TestStatus.PASS, 1)));
    reporter.close();

    assertThat(parse(report).getDocumentElement().getAttribute("tests")).isEqualTo("1");
  }
}
