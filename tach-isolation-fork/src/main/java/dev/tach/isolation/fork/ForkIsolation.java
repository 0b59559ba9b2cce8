package dev.tach.isolation.fork;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.TestItem;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.TestIsolation;

/**
 * Every test in a fresh fork of its worker: higher-scoped fixtures are set up once in the
 * worker and inherited, function fixtures and the test run in the child, which then exits.
 */
@Api(Api.Status.STABLE)
public final class ForkIsolation implements IsolationStrategy {
  public static final String NAME = "fork";
  private static final TestIsolation FORK = new TestIsolation(TestIsolation.FORK, "");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "every test in a fresh fork of its worker (default)";
  }

  @Override
  public TestIsolation isolationFor(TestItem test) {
    requireNonNull(test, "test is null");
    return FORK;
  }
}
