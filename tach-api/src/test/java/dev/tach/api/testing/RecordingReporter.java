package dev.tach.api.testing;

import dev.tach.api.RunEvent;
import dev.tach.api.TestResult;
import dev.tach.api.spi.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A reporter that keeps every event, for tests of every module. Thread-safe. */
public final class RecordingReporter implements Reporter {
  private final List<RunEvent> events = new ArrayList<>();
  private boolean closed;

  @Override
  public synchronized void onEvent(RunEvent event) {
    events.add(event);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  public synchronized boolean closed() {
    return closed;
  }

  public synchronized List<RunEvent> events() {
    return List.copyOf(events);
  }

  public List<TestResult> results() {
    return events().stream()
        .filter(RunEvent.TestFinished.class::isInstance)
        .map(e -> ((RunEvent.TestFinished) e).result())
        .toList();
  }

  /** Results by node id; fails if a test was reported twice. */
  public Map<String, TestResult> resultsById() {
    return results().stream().collect(Collectors.toMap(TestResult::nodeId, Function.identity()));
  }
}
