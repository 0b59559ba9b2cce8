package dev.tach.api;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The counts of a finished run.
 *
 * @param failed tests that failed, crashed or timed out
 * @param errors tests whose setup or teardown failed, harness errors, and collection errors
 * @param stopReason why the run ended early ({@code -x}, {@code --maxfail}, an interrupt), if it did
 */
@Api(Api.Status.STABLE)
public record RunSummary(
    int passed,
    int failed,
    int skipped,
    int errors,
    int xfailed,
    int xpassed,
    int collected,
    Duration duration,
    Optional<String> stopReason,
    boolean interrupted) {

  public RunSummary {
    requireNonNull(duration, "duration is null");
    requireNonNull(stopReason, "stopReason is null");
  }

  /** Tests that reported a result. */
  public int ran() {
    return passed + failed + skipped + xfailed + xpassed + errors;
  }

  /** The process exit code this summary stands for (see {@link ExitCode}). */
  public int exitCode() {
    if (interrupted) {
      return ExitCode.INTERRUPTED;
    }
    if (collected == 0) {
      return ExitCode.NO_TESTS;
    }
    if (failed > 0 || errors > 0) {
      return ExitCode.TESTS_FAILED;
    }
    return ExitCode.OK;
  }
}
