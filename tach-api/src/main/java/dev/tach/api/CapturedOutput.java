package dev.tach.api;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a test printed, as pytest captured it, each stream capped by the harness.
 *
 * @param truncated bytes cut from the middle of a stream ({@code "stdout"}, {@code "stderr"},
 *     {@code "log"}), absent when nothing was cut
 */
@Api(Api.Status.STABLE)
public record CapturedOutput(String stdout, String stderr, String log, Map<String, Long> truncated) {

  public static final CapturedOutput EMPTY = new CapturedOutput("", "", "", Map.of());

  public CapturedOutput {
    requireNonNull(stdout, "stdout is null");
    requireNonNull(stderr, "stderr is null");
    requireNonNull(log, "log is null");
    truncated = Map.copyOf(requireNonNull(truncated, "truncated is null"));
  }

  public boolean isEmpty() {
    return stdout.isEmpty() && stderr.isEmpty() && log.isEmpty();
  }
}
