package dev.tach.api;

import static java.util.Objects.requireNonNull;

/** What happens during a run, in order; reporters receive these. */
@Api(Api.Status.STABLE)
public sealed interface RunEvent {

  /**
   * Collection is over and tests are about to start.
   *
   * @param sandbox the sandbox backend the tests run in, or {@code none}
   */
  record RunStarted(int total, int workers, String sandbox) implements RunEvent {
    public RunStarted {
      requireNonNull(sandbox, "sandbox is null");
    }

    public RunStarted(int total, int workers) {
      this(total, workers, "none");
    }
  }

  /**
   * Something the user should know that does not stop the run (a sandbox feature this machine
   * lacks, say), with its error code.
   */
  record Warning(ErrorCode code, String message) implements RunEvent {
    public Warning {
      requireNonNull(code, "code is null");
      requireNonNull(message, "message is null");
    }

    /** The line users see: {@code warning E012: ...}. */
    public String line() {
      return "warning " + code.name() + ": " + message;
    }
  }

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
