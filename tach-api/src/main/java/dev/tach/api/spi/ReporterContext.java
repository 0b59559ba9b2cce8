package dev.tach.api.spi;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a reporter may know about the run it reports on.
 *
 * @param out the terminal (standard output of the run)
 * @param err standard error
 * @param projectDir the project root
 * @param verbosity -1 quiet, 0 normal, 1 and more verbose
 * @param color whether {@code out} takes ANSI colours
 * @param durations how many slowest tests to list, 0 for none
 * @param options reporter options by key ({@code junit-xml.path} …)
 */
@Api(Api.Status.STABLE)
public record ReporterContext(
    PrintStream out,
    PrintStream err,
    Path projectDir,
    int verbosity,
    boolean color,
    int durations,
    Map<String, String> options) {

  public ReporterContext {
    requireNonNull(out, "out is null");
    requireNonNull(err, "err is null");
    requireNonNull(projectDir, "projectDir is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
  }

  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }
}
