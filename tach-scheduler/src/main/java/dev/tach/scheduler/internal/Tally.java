package dev.tach.scheduler.internal;

import dev.tach.api.RunSummary;
import dev.tach.api.TestStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Counts results by status and folds them into the summary's categories. */
final class Tally {
  private final Map<TestStatus, Integer> counts = new EnumMap<>(TestStatus.class);

  void count(TestStatus status) {
    counts.merge(status, 1, Integer::sum);
  }

  int get(TestStatus status) {
    return counts.getOrDefault(status, 0);
  }

  /** What {@code --maxfail} counts: failed, crashed, timed-out and errored tests. */
  int failures() {
    int n = 0;
    for (Map.Entry<TestStatus, Integer> e : counts.entrySet()) {
      if (e.getKey().failsRun()) {
        n += e.getValue();
      }
    }
    return n;
  }

  RunSummary summary(
      int collected, int collectionErrors, Duration duration, Optional<String> stopReason, boolean interrupted) {
    return new RunSummary(
        get(TestStatus.PASS),
        get(TestStatus.FAIL) + get(TestStatus.CRASH) + get(TestStatus.TIMEOUT),
        get(TestStatus.SKIP),
        get(TestStatus.ERROR) + get(TestStatus.HARNESS_ERROR) + collectionErrors,
        get(TestStatus.XFAIL),
        get(TestStatus.XPASS),
        collected,
        duration,
        stopReason,
        interrupted);
  }
}
