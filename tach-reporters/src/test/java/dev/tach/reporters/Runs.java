package dev.tach.reporters;

import dev.tach.api.CapturedOutput;
import dev.tach.api.RunSummary;
import dev.tach.api.TestResult;
import dev.tach.api.TestStatus;
import dev.tach.api.spi.ReporterContext;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Builders for the events, results and contexts the reporter tests feed in. */
final class Runs {
  private Runs() {}

  static TestResult result(String nodeId, TestStatus status, long millis) {
    return new TestResult(
        nodeId, status, Duration.ofMillis(millis), "", "", CapturedOutput.EMPTY, 1);
  }

  static TestResult result(String nodeId, TestStatus status, String message, String longrepr) {
    return new TestResult(
        nodeId, status, Duration.ofMillis(3), message, longrepr, CapturedOutput.EMPTY, 1);
  }

  static TestResult result(
      String nodeId, TestStatus status, String message, String longrepr, CapturedOutput output) {
    return new TestResult(nodeId, status, Duration.ofMillis(3), message, longrepr, output, 2);
  }

  static RunSummary summary(
      int passed, int failed, int skipped, int errors, int xfailed, int xpassed, long millis) {
    return new RunSummary(
        passed,
        failed,
        skipped,
        errors,
        xfailed,
        xpassed,
        passed + failed + skipped + errors + xfailed + xpassed,
        Duration.ofMillis(millis),
        Optional.empty(),
        false);
  }

  /** Standard output whose bytes only show after a flush, as on a real terminal pipe. */
  static final class Terminal {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out =
        new PrintStream(new BufferedOutputStream(bytes, 1 << 20), false, StandardCharsets.UTF_8);

    ReporterContext context(int verbosity, boolean color, int durations) {
      return context(verbosity, color, durations, Map.of());
    }

    ReporterContext context(
        int verbosity, boolean color, int durations, Map<String, String> options) {
      return new ReporterContext(
          out, System.err, Path.of("."), verbosity, color, durations, options);
    }

    PrintStream stream() {
      return out;
    }

    /** What has been flushed so far. */
    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    String[] lines() {
      return text().split("\n", -1);
    }
  }
}
