package dev.tach.reporters;

import static dev.tach.reporters.Runs.summary;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tach.api.CapturedOutput;
import dev.tach.api.ErrorCode;
import dev.tach.api.RunEvent;
import dev.tach.api.RunSummary;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NdjsonReporterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Runs.Terminal terminal = new Runs.Terminal();
  private final NdjsonReporter reporter = new NdjsonReporter(terminal.context(0, false, 0));

  private List<JsonNode> lines() throws Exception {
    String text = terminal.text();
    assertThat(text).endsWith("\n");
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      nodes.add(MAPPER.readTree(line));
    }
    return nodes;
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private JsonNode only(RunEvent event) throws Exception {
    reporter.onEvent(event);
    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  @Test
  void runStartHasExactlyItsSchemaFields() throws Exception {
    JsonNode line = only(new RunEvent.RunStarted(7000, 8, "landlock-seccomp"));
    assertThat(fields(line)).containsExactly("event", "total", "workers", "sandbox");
    assertThat(line.toString())
        .isEqualTo("{\"event\":\"run_start\",\"total\":7000,\"workers\":8,\"sandbox\":\"landlock-seccomp\"}");
  }

  @Test
  void aWarningCarriesItsCodeAndMessage() throws Exception {
    JsonNode line = only(new RunEvent.Warning(ErrorCode.E012, "sandbox backend namespaces is unavailable: EPERM"));
    assertThat(line.toString()).isEqualTo(
        "{\"event\":\"warning\",\"code\":\"E012\",\"message\":\"sandbox backend namespaces is unavailable: EPERM\"}");
  }

  @Test
  void testStartedHasExactlyItsSchemaFields() throws Exception {
    JsonNode line = only(new RunEvent.TestStarted("tests/test_a.py::test_x", 3));
    assertThat(line.toString())
        .isEqualTo(
            "{\"event\":\"test_started\",\"test\":\"tests/test_a.py::test_x\",\"worker\":3}");
  }

  @Test
  void testFinishedHasTheSchemaFieldsInOrderAndLeavesEmptyExtrasOut() throws Exception {
    TestResult passed =
        new TestResult(
            "t.py::ok",
            TestStatus.PASS,
            Duration.ofNanos(12_500_000),
            "",
            "",
            CapturedOutput.EMPTY,
            2);
    JsonNode line = only(new RunEvent.TestFinished(passed));

    assertThat(fields(line))
        .containsExactly("event", "test", "status", "duration_ms", "message", "worker");
    assertThat(line.toString())
        .isEqualTo(
            "{\"event\":\"test_finished\",\"test\":\"t.py::ok\",\"status\":\"pass\","
                + "\"duration_ms\":12.5,\"message\":\"\",\"worker\":2}");
  }

  @Test
  void testFinishedCarriesTracebackAndOutputWhenThereAreAny() throws Exception {
    TestResult failed =
        new TestResult(
            "t.py::bad",
            TestStatus.HARNESS_ERROR,
            Duration.ofMillis(1200),
            "worker lost",
            "Traceback …\n\"quoted\"",
            new CapturedOutput("out\n", "err\u0000\u001b[31m\n", "", Map.of()),
            1);
    JsonNode line = only(new RunEvent.TestFinished(failed));

    assertThat(fields(line))
        .containsExactly(
            "event",
            "test",
            "status",
            "duration_ms",
            "message",
            "worker",
            "longrepr",
            "stdout",
            "stderr");
    assertThat(line.get("status").asText()).isEqualTo("harness_error");
    assertThat(line.get("duration_ms").isNumber()).isTrue();
    assertThat(line.get("duration_ms").asText()).isEqualTo("1200");
    assertThat(line.get("longrepr").asText()).isEqualTo("Traceback …\n\"quoted\"");
    assertThat(line.get("stderr").asText()).isEqualTo("err\u0000\u001b[31m\n");
  }

  @Test
  void durationsKeepMicrosecondsAsMillisecondFractions() throws Exception {
    TestResult quick =
        new TestResult(
            "t.py::q", TestStatus.PASS, Duration.ofNanos(42_400), "", "", CapturedOutput.EMPTY, 1);
    assertThat(only(new RunEvent.TestFinished(quick)).get("duration_ms").decimalValue())
        .isEqualByComparingTo("0.042");
  }

  @Test
  void collectionErrorHasExactlyItsSchemaFields() throws Exception {
    JsonNode line =
        only(new RunEvent.CollectionError("tests/test_bad.py", "SyntaxError: invalid syntax"));
    assertThat(line.toString())
        .isEqualTo(
            "{\"event\":\"collection_error\",\"path\":\"tests/test_bad.py\","
                + "\"message\":\"SyntaxError: invalid syntax\"}");
  }

  @Test
  void runFinishedHasTheCountsFirstAndTheExtrasAfter() throws Exception {
    JsonNode line = only(new RunEvent.RunFinished(summary(10, 2, 1, 1, 3, 4, 1234)));

    assertThat(line.toString())
        .isEqualTo(
            "{\"event\":\"run_finished\",\"passed\":10,\"failed\":2,\"skipped\":1,\"errors\":1,"
                + "\"duration_ms\":1234,\"xfailed\":3,\"xpassed\":4,\"collected\":21,"
                + "\"interrupted\":false}");
  }

  @Test
  void runFinishedNamesTheStopReasonWhenThereIsOne() throws Exception {
    RunSummary stopped =
        new RunSummary(
            1, 1, 0, 0, 0, 0, 9, Duration.ofMillis(5), Optional.of("after 1 failure (-x)"), true);
    JsonNode line = only(new RunEvent.RunFinished(stopped));

    assertThat(fields(line))
        .containsExactly(
            "event",
            "passed",
            "failed",
            "skipped",
            "errors",
            "duration_ms",
            "xfailed",
            "xpassed",
            "collected",
            "interrupted",
            "stop_reason");
    assertThat(line.get("interrupted").asBoolean()).isTrue();
    assertThat(line.get("stop_reason").asText()).isEqualTo("after 1 failure (-x)");
  }

  @Test
  void everyEventIsOneFlushedLine() throws Exception {
    reporter.onEvent(new RunEvent.RunStarted(1, 1));
    assertThat(terminal.text()).endsWith("}\n");
    reporter.onEvent(new RunEvent.TestStarted("t.py::a", 1));
    reporter.onEvent(new RunEvent.TestFinished(Runs.result("t.py::a", TestStatus.PASS, 1)));
    reporter.onEvent(new RunEvent.RunFinished(summary(1, 0, 0, 0, 0, 0, 2)));

    assertThat(lines())
        .extracting(node -> node.get("event").asText())
        .containsExactly("run_start", "test_started", "test_finished", "run_finished");
    assertThat(terminal.text()).doesNotStartWith(" ").doesNotContain("\n ");
  }

  @Test
  void closingTheReporterLeavesStandardOutputOpen() {
    var closed = new boolean[1];
    var bytes =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    PrintStream out = new PrintStream(bytes, true);
    NdjsonReporter json =
        new NdjsonReporter(
            new dev.tach.api.spi.ReporterContext(out, out, Path.of("."), 0, false, 0, Map.of()));
    json.onEvent(new RunEvent.RunStarted(0, 1));
    json.close();

    assertThat(closed[0]).isFalse();
    out.print("still open");
    assertThat(bytes.toString()).endsWith("}\nstill open");
  }
}
