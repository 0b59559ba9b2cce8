package dev.tach.scheduler;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.RunSummary;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.Reporter;
import dev.tach.scheduler.internal.RunLoop;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one suite through the harness. Not reusable: one engine, one run. {@link #interrupt()}
 * may be called from another thread (a shutdown hook) and returns once the reporters have
 * been given what finished.
 */
@Api(Api.Status.INTERNAL)
public final class Engine {
  private final AtomicReference<RunLoop> loop = new AtomicReference<>();
  private volatile boolean interruptedEarly;

  public RunSummary run(EngineConfig config, IsolationStrategy isolation, Reporter reporter) {
    requireNonNull(config, "config is null");
    requireNonNull(isolation, "isolation is null");
    requireNonNull(reporter, "reporter is null");
    RunLoop runLoop = new RunLoop(config, isolation, reporter);
    if (!loop.compareAndSet(null, runLoop)) {
      throw new IllegalStateException("an Engine runs once");
    }
    if (interruptedEarly) {
      // Interrupted before the loop existed: it starts, sees the interrupt and reports at once.
      runLoop.interruptLater();
    }
    return runLoop.run();
  }

  /** Stops the run now: kills every harness process and reports what finished. */
  public void interrupt() {
    interruptedEarly = true;
    RunLoop runLoop = loop.get();
    if (runLoop != null) {
      runLoop.interrupt();
    }
  }
}
