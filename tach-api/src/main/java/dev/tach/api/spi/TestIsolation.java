package dev.tach.api.spi;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;

/**
 * How one test runs.
 *
 * @param workerMode the harness mode: {@code fork} (a fresh fork of the worker) or
 *     {@code inline} (in the worker itself)
 * @param reason why, when the strategy deviates from its default for this test; empty otherwise
 */
@Api(Api.Status.STABLE)
public record TestIsolation(String workerMode, String reason) {

  public static final String FORK = "fork";
  public static final String INLINE = "inline";

  public TestIsolation {
    requireNonNull(workerMode, "workerMode is null");
    requireNonNull(reason, "reason is null");
    if (!workerMode.equals(FORK) && !workerMode.equals(INLINE)) {
      throw new IllegalArgumentException("unknown worker mode: " + workerMode);
    }
  }
}
