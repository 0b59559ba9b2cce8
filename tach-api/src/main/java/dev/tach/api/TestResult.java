package dev.tach.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The one result of one test.
 *
 * @param nodeId the test
 * @param status its outcome
 * @param duration pytest's setup + call + teardown time (what {@code --durations} ranks)
 * @param message one line: the exception, the skip reason, the signal that killed it
 * @param longrepr the full report (pytest's traceback), empty when there is none
 * @param output what the test printed
 * @param worker the worker that ran it (1-based)
 * @param leaks what the test left behind ({@code --report-leaks}); {@link Leaks#NONE} otherwise
 */
@Api(Api.Status.STABLE)
public record TestResult(
    String nodeId,
    TestStatus status,
    Duration duration,
    String message,
    String longrepr,
    CapturedOutput output,
    int worker,
    Leaks leaks) {

  public TestResult {
    requireNonNull(nodeId, "nodeId is null");
    requireNonNull(status, "status is null");
    requireNonNull(duration, "duration is null");
    requireNonNull(message, "message is null");
    requireNonNull(longrepr, "longrepr is null");
    requireNonNull(output, "output is null");
    requireNonNull(leaks, "leaks is null");
  }

  /** A result without leaks. */
  public TestResult(
      String nodeId,
      TestStatus status,
      Duration duration,
      String message,
      String longrepr,
      CapturedOutput output,
      int worker) {
    this(nodeId, status, duration, message, longrepr, output, worker, Leaks.NONE);
  }

  /** This result with {@code leaks}. */
  public TestResult withLeaks(Leaks leaks) {
    return new TestResult(nodeId, status, duration, message, longrepr, output, worker, leaks);
  }
}
