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
 */
@Api(Api.Status.STABLE)
public record TestResult(
    String nodeId,
    TestStatus status,
    Duration duration,
    String message,
    String longrepr,
    CapturedOutput output,
    int worker) {

  public TestResult {
    requireNonNull(nodeId, "nodeId is null");
    requireNonNull(status, "status is null");
    requireNonNull(duration, "duration is null");
    requireNonNull(message, "message is null");
    requireNonNull(longrepr, "longrepr is null");
    requireNonNull(output, "output is null");
  }
}
