package dev.tach.api;

/** Runs a suite. Obtain one with {@link Tach#launcher()}. */
@Api(Api.Status.EXPERIMENTAL)
public interface Launcher {

  /**
   * Runs the request to the end and returns its summary. Bad input is a {@link TachException}
   * carrying its error code; test failures are not exceptions but counts in the summary.
   */
  RunSummary run(RunRequest request);
}
