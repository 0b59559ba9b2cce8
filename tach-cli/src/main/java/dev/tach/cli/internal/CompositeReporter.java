package dev.tach.cli.internal;

import dev.tach.api.RunEvent;
import dev.tach.api.spi.Reporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Fans events out to the run's reporters. A reporter that throws is switched off with a
 * one-line error on stderr: one broken plugin does not cost the user the run or the others.
 */
public final class CompositeReporter implements Reporter {
  private final List<Reporter> reporters;
  private final List<Reporter> failed = new ArrayList<>();
  private final PrintStream err;

  public CompositeReporter(List<Reporter> reporters, PrintStream err) {
    this.reporters = List.copyOf(reporters);
    this.err = err;
  }

  @Override
  public synchronized void onEvent(RunEvent event) {
    for (Reporter reporter : reporters) {
      if (failed.contains(reporter)) {
        continue;
      }
      try {
        reporter.onEvent(event);
      } catch (RuntimeException e) {
        disable(reporter, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    for (Reporter reporter : reporters) {
      try {
        reporter.close();
      } catch (RuntimeException e) {
        if (!failed.contains(reporter)) {
          disable(reporter, e);
        }
      }
    }
  }

  /** Whether any reporter failed: the run's output is then incomplete. */
  public synchronized boolean anyFailed() {
    return !failed.isEmpty();
  }

  private void disable(Reporter reporter, RuntimeException e) {
    failed.add(reporter);
    err.println("error[E016]: reporter " + reporter.getClass().getName() + " failed and was switched off: " + e);
  }
}
