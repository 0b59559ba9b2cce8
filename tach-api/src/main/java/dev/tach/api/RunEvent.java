package dev.tach.api;

import static java.util.Objects.requireNonNull;

/** What happens during a run, in order; reporters receive these. */
@Api(Api.Status.STABLE)
public sealed interface RunEvent {

  /** Collection is over and tests are about to start. */
  record RunStarted(int total, int workers) implements RunEvent {}

  /** A worker began a test. */
  record TestStarted(String nodeId, int worker) implements RunEvent {
    public TestStarted {
      requireNonNull(nodeId, "nodeId is null");
    }
  }

  /** A test ended; every collected test that ran gets exactly one. */
  record TestFinished(TestResult result) implements RunEvent {
    public TestFinished {
      requireNonNull(result, "result is null");
    }
  }

  /** A file could not be collected; the rest of the suite still runs. */
  record CollectionError(String path, String message) implements RunEvent {
    public CollectionError {
      requireNonNull(path, "path is null");
      requireNonNull(message, "message is null");
    }
  }

  /** The run is over. */
  record RunFinished(RunSummary summary) implements RunEvent {
    public RunFinished {
      requireNonNull(summary, "summary is null");
    }
  }
}
