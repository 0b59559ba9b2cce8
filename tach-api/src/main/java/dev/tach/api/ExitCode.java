package dev.tach.api;

/** The exit codes of the {@code tach} command. */
@Api(Api.Status.STABLE)
public final class ExitCode {
  /** Every test passed (or was skipped / xfailed). */
  public static final int OK = 0;
  /** At least one test failed, errored, crashed or timed out, or a file did not collect. */
  public static final int TESTS_FAILED = 1;
  /** Bad options, a broken configuration file, a missing interpreter or pytest. */
  public static final int CONFIG_ERROR = 2;
  /** Discovery failed or found no tests. */
  public static final int NO_TESTS = 3;
  /** The engine failed at run time (harness or protocol fault). */
  public static final int RUNTIME_ERROR = 4;
  /** The run was interrupted (Ctrl-C, SIGTERM): 128 + SIGINT, as shells expect. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
