package dev.tach.reporters;

import dev.tach.api.Api;
import dev.tach.api.spi.Reporter;
import dev.tach.api.spi.ReporterContext;
import dev.tach.api.spi.ReporterProvider;

/** Provides {@link HumanReporter} as {@code human}, the default terminal output. */
@Api(Api.Status.STABLE)
public final class HumanReporterProvider implements ReporterProvider {
  public static final String NAME = "human";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "pytest-style terminal output: progress, failures, short summary (default)";
  }

  @Override
  public Reporter create(ReporterContext context) {
    return new HumanReporter(context);
  }
}
