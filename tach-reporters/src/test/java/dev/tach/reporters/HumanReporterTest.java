package dev.tach.reporters;

import static dev.tach.reporters.Runs.result;
import static dev.tach.reporters.Runs.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tach.api.CapturedOutput;
import dev.tach.api.RunEvent;
import dev.tach.api.RunSummary;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HumanReporterTest {
  private final Runs.Terminal terminal = new Runs.Terminal();

  private HumanReporter reporter(int verbosity) {
    return new HumanReporter(terminal.context(verbosity, false, 0));
  }

  private String lastLine() {
    String[] lines = terminal.text().split("\n");
    return lines[lines.length - 1];
  }

  private static String pytestLine(String title) {
    return sep('=', title);
  }

  /** What pytest's {@code TerminalWriter.sep(c, title)} prints at 80 columns. */
  private static String sep(char c, String title) {
    int n = (80 - title.length() - 2) / 2;
    String fill = String.valueOf(c).repeat(n);
    String line = fill + " " + title + " " + fill;
    return line.length() < 80 ? line + c : line;
  }

  private void finish(HumanReporter reporter, RunSummary summary) {
    reporter.onEvent(new RunEvent.RunFinished(summary));
    reporter.close();
  }

  @Test
  void finalLineHasPytestsShapeWithOnlyTheNonZeroCounts() {
    HumanReporter reporter = reporter(0);
    finish(reporter, summary(10, 2, 1, 0, 0, 0, 1234));

    assertThat(lastLine()).isEqualTo(pytestLine("2 failed, 10 passed, 1 skipped in 1.23s"));
    assertThat(lastLine()).hasSize(80).startsWith("=================== 2 failed");
  }

  @Test
  void finalLineListsCountsInPytestsOrderAndPluralisesErrors() {
    HumanReporter reporter = reporter(0);
    finish(reporter, summary(3, 1, 2, 2, 1, 1, 500));
    assertThat(lastLine())
        .isEqualTo(
            pytestLine("1 failed, 3 passed, 2 skipped, 1 xfailed, 1 xpassed, 2 errors in 0.50s"));

    Runs.Terminal other = new Runs.Terminal();
    HumanReporter single = new HumanReporter(other.context(0, false, 0));
    single.onEvent(new RunEvent.RunFinished(summary(0, 0, 0, 1, 0, 0, 10)));
    assertThat(other.text()).contains(" 1 error in 0.01s ");
  }

  @Test
  void finalLineSaysNoTestsRanWhenNothingRan() {
    HumanReporter reporter = reporter(0);
    finish(reporter, summary(0, 0, 0, 0, 0, 0, 0));
    assertThat(lastLine()).isEqualTo(pytestLine("no tests ran in 0.00s"));
  }

  @Test
  void runsOverAMinuteShowTheClockTimeToo() {
    HumanReporter reporter = reporter(0);
    finish(reporter, summary(1, 0, 0, 0, 0, 0, 75_120));
    assertThat(lastLine()).contains(" 1 passed in 75.12s (0:01:15) ");
  }

  @Test
  void headerNamesTestsAndWorkers() {
    HumanReporter reporter = reporter(0);
    reporter.onEvent(new RunEvent.RunStarted(7000, 8));
    assertThat(terminal.lines()[0]).isEqualTo("tach: 7000 tests, 8 workers");

    Runs.Terminal other = new Runs.Terminal();
    new HumanReporter(other.context(0, false, 0)).onEvent(new RunEvent.RunStarted(1, 1));
    assertThat(other.lines()[0]).isEqualTo("tach: 1 test, 1 worker");

    Runs.Terminal third = new Runs.Terminal();
    new HumanReporter(third.context(0, false, 0)).onEvent(new RunEvent.RunStarted(3, 2, "namespaces"));
    assertThat(third.lines()[0]).isEqualTo("tach: 3 tests, 2 workers, sandbox namespaces");
  }

  @Test
  void everyStatusHasItsProgressCharacterAndTheLineEndsWithThePercentage() {
    HumanReporter reporter = reporter(0);
    TestStatus[] statuses = TestStatus.values();
    reporter.onEvent(new RunEvent.RunStarted(statuses.length, 2));
    for (TestStatus status : statuses) {
      reporter.onEvent(new RunEvent.TestFinished(result("t.py::" + status, status, 1)));
    }
    finish(reporter, summary(1, 4, 1, 2, 1, 1, 10));

    String progress = terminal.lines()[2];
    assertThat(progress).startsWith(".FsxXECTH ").endsWith(" [100%]").hasSize(79);
  }

  @Test
  void progressWrapsAt80ColumnsWithTheFloorPercentageAtEachLineEnd() {
    HumanReporter reporter = reporter(0);
    reporter.onEvent(new RunEvent.RunStarted(200, 4));
    for (int i = 0; i < 200; i++) {
      reporter.onEvent(new RunEvent.TestFinished(result("t.py::test_" + i, TestStatus.PASS, 1)));
    }
    finish(reporter, summary(200, 0, 0, 0, 0, 0, 10));

    String[] lines = terminal.lines();
    assertThat(lines[2]).isEqualTo(".".repeat(72) + " [ 36%]");
    assertThat(lines[3]).isEqualTo(".".repeat(72) + " [ 72%]");
    assertThat(lines[4]).isEqualTo(".".repeat(56) + " ".repeat(16) + " [100%]");
    assertThat(lines[5]).isEmpty();
    assertThat(lines[6]).isEqualTo(pytestLine("200 passed in 0.01s"));
  }

  @Test
  void progressAppearsAsEachTestFinishes() {
    HumanReporter reporter = reporter(0);
    reporter.onEvent(new RunEvent.RunStarted(4, 1));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::a", TestStatus.PASS, 1)));
    assertThat(terminal.text()).endsWith("\n\n.");
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::b", TestStatus.FAIL, 1)));
    assertThat(terminal.text()).endsWith("\n\n.F");
  }

  @Test
  void anInterruptedRunShowsHowFarItGot() {
    HumanReporter reporter = reporter(0);
    reporter.onEvent(new RunEvent.RunStarted(4, 1));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::a", TestStatus.PASS, 1)));
    finish(
        reporter,
        new RunSummary(1, 0, 0, 0, 0, 0, 4, Duration.ofMillis(20), Optional.empty(), true));

    assertThat(terminal.lines()[2]).endsWith(" [ 25%]");
    assertThat(terminal.text())
        .contains("\n" + sep('!', "Interrupted") + "\n")
        .endsWith(pytestLine("1 passed in 0.02s") + "\n");
  }

  @Test
  void aStopReasonIsShownBeforeTheFinalLine() {
    HumanReporter reporter = reporter(0);
    finish(
        reporter,
        new RunSummary(
            3,
            1,
            0,
            0,
            0,
            0,
            9,
            Duration.ofMillis(20),
            Optional.of("stopping after 1 failure"),
            false));
    String[] lines = terminal.text().split("\n");
    assertThat(lines[lines.length - 2]).matches("!+ stopping after 1 failure !+");
  }

  @Test
  void verboseShowsOneLinePerTestWithStatusAndMilliseconds() {
    HumanReporter reporter = reporter(1);
    reporter.onEvent(new RunEvent.RunStarted(2, 1));
    reporter.onEvent(
        new RunEvent.TestFinished(result("tests/test_a.py::test_x", TestStatus.PASS, 12)));
    reporter.onEvent(
        new RunEvent.TestFinished(result("tests/test_a.py::test_y", TestStatus.CRASH, 1500)));
    finish(reporter, summary(1, 1, 0, 0, 0, 0, 1600));

    assertThat(terminal.lines())
        .contains(
            "tests/test_a.py::test_x PASSED (12 ms)", "tests/test_a.py::test_y CRASHED (1500 ms)");
  }

  @Test
  void quietShowsNoHeaderNoProgressAndAPlainFinalLine() {
    HumanReporter reporter = reporter(-1);
    reporter.onEvent(new RunEvent.RunStarted(2, 1));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::a", TestStatus.PASS, 1)));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::b", TestStatus.PASS, 1)));
    finish(reporter, summary(2, 0, 0, 0, 0, 0, 40));

    assertThat(terminal.text()).isEqualTo("2 passed in 0.04s\n");
  }

  @Test
  void failuresSectionShowsTracebackCapturedOutputAndWhatWasCut() {
    HumanReporter reporter = reporter(0);
    CapturedOutput output =
        new CapturedOutput(
            "hello from stdout\n",
            "warning on stderr\n",
            "INFO root:x.py:3 logged",
            Map.of("stdout", 1_048_576L));
    reporter.onEvent(new RunEvent.RunStarted(2, 1));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::ok", TestStatus.PASS, 1)));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result(
                "tests/test_a.py::test_x",
                TestStatus.FAIL,
                "AssertionError: assert 1 == 2",
                "    def test_x():\n"
                    + ">       assert 1 == 2\n"
                    + "E       assert 1 == 2\n\n"
                    + "tests/test_a.py:2: AssertionError\n",
                output)));
    finish(reporter, summary(1, 1, 0, 0, 0, 0, 100));

    String text = terminal.text();
    assertThat(text)
        .contains(
            pytestLine("FAILURES")
                + "\n"
                + sep('_', "tests/test_a.py::test_x")
                + "\n"
                + "    def test_x():\n>       assert 1 == 2\nE       assert 1 == 2\n\n"
                + "tests/test_a.py:2: AssertionError\n"
                + sep('-', "Captured stdout")
                + "\n"
                + "hello from stdout\n"
                + "[\u2026 1048576 bytes cut \u2026]\n"
                + sep('-', "Captured stderr")
                + "\n"
                + "warning on stderr\n"
                + sep('-', "Captured log")
                + "\n"
                + "INFO root:x.py:3 logged\n");
    assertThat(text).doesNotContain("t.py::ok -");
  }

  @Test
  void aTestWithoutTracebackShowsItsMessage() {
    HumanReporter reporter = reporter(0);
    reporter.onEvent(
        new RunEvent.TestFinished(
            result(
                "t.py::dies", TestStatus.CRASH, "test process killed by signal 11 (SIGSEGV)", "")));
    finish(reporter, summary(0, 1, 0, 0, 0, 0, 100));
    assertThat(terminal.text())
        .contains(" t.py::dies _")
        .contains("\ntest process killed by signal 11 (SIGSEGV)\n");
  }

  @Test
  void shortSummaryListsFailuresThenErrorsWithTheFirstLineOfTheirMessage() {
    HumanReporter reporter = reporter(0);
    reporter.onEvent(
        new RunEvent.CollectionError("tests/test_bad.py", "SyntaxError: invalid syntax\n  line 3"));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result("t.py::e", TestStatus.ERROR, "fixture 'db' not found", "E  fixture")));
    reporter.onEvent(
        new RunEvent.TestFinished(
            result("t.py::f", TestStatus.FAIL, "AssertionError: assert 1 == 2\nmore", "tb")));
    reporter.onEvent(
        new RunEvent.TestFinished(result("t.py::c", TestStatus.CRASH, "killed by signal 9", "")));
    reporter.onEvent(
        new RunEvent.TestFinished(result("t.py::t", TestStatus.TIMEOUT, "timed out after 5s", "")));
    reporter.onEvent(
        new RunEvent.TestFinished(result("t.py::h", TestStatus.HARNESS_ERROR, "", "")));
    finish(reporter, summary(0, 3, 0, 3, 0, 0, 100));

    String text = terminal.text();
    String shortSummary = text.substring(text.indexOf(pytestLine("short test summary info")));
    assertThat(shortSummary.split("\n"))
        .containsSubsequence(
            pytestLine("short test summary info"),
            "FAILED t.py::f - AssertionError: assert 1 == 2",
            "CRASHED t.py::c - killed by signal 9",
            "TIMEOUT t.py::t - timed out after 5s",
            "ERROR tests/test_bad.py - SyntaxError: invalid syntax",
            "ERROR t.py::e - fixture 'db' not found",
            "HARNESS_ERROR t.py::h",
            pytestLine("3 failed, 3 errors in 0.10s"));
    assertThat(text).contains(pytestLine("FAILURES")).contains(" t.py::e _").contains(" t.py::h _");
  }

  @Test
  void collectionErrorsAreListedUnderErrors() {
    HumanReporter reporter = reporter(0);
    reporter.onEvent(
        new RunEvent.CollectionError("tests/test_bad.py", "E   SyntaxError: invalid syntax"));
    reporter.onEvent(new RunEvent.RunStarted(0, 1));
    finish(reporter, summary(0, 0, 0, 1, 0, 0, 100));

    assertThat(terminal.text())
        .contains(
            pytestLine("ERRORS")
                + "\n"
                + sep('_', "ERROR collecting tests/test_bad.py")
                + "\n"
                + "E   SyntaxError: invalid syntax\n");
  }

  @Test
  void durationsListsTheSlowestTestsFirst() {
    HumanReporter reporter = new HumanReporter(terminal.context(0, false, 2));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::fast", TestStatus.PASS, 10)));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::slowest", TestStatus.PASS, 1520)));
    reporter.onEvent(new RunEvent.TestFinished(result("t.py::slow", TestStatus.FAIL, 520)));
    finish(reporter, summary(2, 1, 0, 0, 0, 0, 2100));

    String text = terminal.text();
    assertThat(text)
        .contains(pytestLine("slowest 2 durations") + "\n1.52s t.py::slowest\n0.52s t.py::slow\n")
        .doesNotContain("t.py::fast\n");
    assertThat(text.indexOf("slowest 2 durations"))
        .isLessThan(text.indexOf("short test summary info"));
  }

  @Test
  void coloursOnlyWhenTheTerminalTakesThem() {
    HumanReporter plain = reporter(0);
    plain.onEvent(new RunEvent.TestFinished(result("t.py::f", TestStatus.FAIL, "boom", "tb")));
    finish(plain, summary(0, 1, 0, 0, 0, 0, 10));
    assertThat(terminal.text()).doesNotContain("\u001b[");

    Runs.Terminal red = new Runs.Terminal();
    HumanReporter failing = new HumanReporter(red.context(0, true, 0));
    failing.onEvent(new RunEvent.TestFinished(result("t.py::f", TestStatus.FAIL, "boom", "tb")));
    failing.onEvent(new RunEvent.RunFinished(summary(0, 1, 0, 0, 0, 0, 10)));
    assertThat(red.text()).contains("\u001b[31mF\u001b[0m").contains("\u001b[1;31m=====");

    Runs.Terminal green = new Runs.Terminal();
    HumanReporter passing = new HumanReporter(green.context(0, true, 0));
    passing.onEvent(new RunEvent.TestFinished(result("t.py::p", TestStatus.PASS, 1)));
    passing.onEvent(new RunEvent.TestFinished(result("t.py::s", TestStatus.SKIP, 1)));
    passing.onEvent(new RunEvent.RunFinished(summary(1, 0, 1, 0, 0, 0, 10)));
    assertThat(green.text())
        .contains("\u001b[33ms\u001b[0m")
        .contains("\u001b[1;32m=====")
        .doesNotContain("\u001b[1;31m");
  }

  @Test
  void sevenThousandTestsFillNinetyEightProgressLines() {
    HumanReporter reporter = reporter(0);
    int total = 7000;
    List<TestResult> results =
        java.util.stream.IntStream.range(0, total)
            .mapToObj(i -> result("tests/test_m" + i / 50 + ".py::test_" + i, TestStatus.PASS, 1))
            .toList();
    reporter.onEvent(new RunEvent.RunStarted(total, 8));
    for (TestResult r : results) {
      reporter.onEvent(new RunEvent.TestFinished(r));
    }
    finish(reporter, summary(total, 0, 0, 0, 0, 0, 9000));

    List<String> progress = Arrays.stream(terminal.lines()).filter(l -> l.startsWith(".")).toList();
    assertThat(progress)
        .hasSize(98)
        .allMatch(l -> l.length() == 79 && l.matches("\\.+ +\\[[ \\d]{3}%]"));
    assertThat(progress.get(97)).endsWith(" [100%]");
  }
}
