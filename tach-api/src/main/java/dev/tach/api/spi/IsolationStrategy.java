package dev.tach.api.spi;

import dev.tach.api.Api;
import dev.tach.api.TestItem;

/**
 * Decides how each test is isolated from the others. The worker carries the decision out:
 * the strategy names a {@link TestIsolation#workerMode() worker mode} per test, so a strategy
 * can fall back per test (a snapshot strategy that forks the tests it cannot roll back).
 */
@Api(Api.Status.STABLE)
public interface IsolationStrategy {

  /** The name users select it by ({@code --isolation NAME}). */
  String name();

  /** One line for {@code tach --help} and {@code tach doctor}. */
  default String description() {
    return name();
  }

  /** Whether this machine can run the strategy; checked before the harness starts. */
  default Availability availability() {
    return Availability.AVAILABLE;
  }

  /** How to run one test. */
  TestIsolation isolationFor(TestItem test);
}
