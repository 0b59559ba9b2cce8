package dev.tach.isolation.fork;

import static java.util.Objects.requireNonNull;

import dev.tach.api.Api;
import dev.tach.api.TestItem;
import dev.tach.api.spi.IsolationStrategy;
import dev.tach.api.spi.TestIsolation;

/** Tests run one after the other in the worker itself, as under pytest-xdist: fastest, no reset. */
@Api(Api.Status.STABLE)
public final class NoIsolation implements IsolationStrategy {
  public static final String NAME = "none";
  private static final TestIsolation INLINE = new TestIsolation(TestIsolation.INLINE, "");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "tests run in the worker itself, no reset between them (like pytest-xdist)";
  }

  @Override
  public TestIsolation isolationFor(TestItem test) {
    requireNonNull(test, "test is null");
    return INLINE;
  }
}
