package dev.tach.api;

/**
 * The user-facing error codes (E001–E020 of the reference design; docs/errors.md explains
 * each with its fix). Every error a user sees carries one.
 */
@Api(Api.Status.STABLE)
public enum ErrorCode {
  E001("invalid configuration file", ExitCode.CONFIG_ERROR),
  E002("invalid command-line option", ExitCode.CONFIG_ERROR),
  E003("fixture not found", ExitCode.NO_TESTS),
  E004("path not found", ExitCode.CONFIG_ERROR),
  E005("Python interpreter not found or not usable", ExitCode.CONFIG_ERROR),
  E006("Landlock unavailable", ExitCode.RUNTIME_ERROR),
  E007("pytest is not importable by the interpreter", ExitCode.CONFIG_ERROR),
  E008("pytest refused its arguments or configuration", ExitCode.CONFIG_ERROR),
  E009("no tests collected", ExitCode.NO_TESTS),
  E010("harness protocol error", ExitCode.RUNTIME_ERROR),
  E011("worker could not be started", ExitCode.RUNTIME_ERROR),
  E012("namespaces unavailable", ExitCode.RUNTIME_ERROR),
  E013("harness did not start in time", ExitCode.RUNTIME_ERROR),
  E014("harness process failed", ExitCode.RUNTIME_ERROR),
  E015("seccomp unavailable", ExitCode.RUNTIME_ERROR),
  E016("plugin failed to load", ExitCode.CONFIG_ERROR),
  E017("syntax error in a Python file", ExitCode.NO_TESTS),
  E018("fixture dependency cycle", ExitCode.NO_TESTS),
  E019("isolation strategy unavailable", ExitCode.CONFIG_ERROR),
  E020("internal error", ExitCode.RUNTIME_ERROR);

  private final String title;
  private final int exitCode;

  ErrorCode(String title, int exitCode) {
    this.title = title;
    this.exitCode = exitCode;
  }

  /** A few words naming the kind of error. */
  public String title() {
    return title;
  }

  /** The exit code of a run that ends with this error. */
  public int exitCode() {
    return exitCode;
  }
}
